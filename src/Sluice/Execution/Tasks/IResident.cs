namespace Sluice.Execution.Tasks;

/// <summary>
/// An object that lives in every process of an application and is not copied into tasks: a context, a stream of
/// the graph, a state store. A task names it, and the process that runs the task uses its own object of that name
/// (an executor builds them by running the same application, as a recovery does; docs/adr/0005).
/// </summary>
internal interface IResident
{
    /// <summary>The name, the same in every process that runs the same application build.</summary>
    string ResidentName { get; }
}
