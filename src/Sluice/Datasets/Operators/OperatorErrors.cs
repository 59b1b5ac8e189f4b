namespace Sluice.Datasets.Operators;

/// <summary>
/// Marks an exception with the operator it escaped from, so a failed job can name the operator that threw and
/// not only the stage it ran in.
/// </summary>
internal static class OperatorErrors
{
    private const string Key = "Sluice.Operator";

    /// <summary>
    /// Records <paramref name="operatorRdd"/> on the exception unless an inner operator already did. Used as an
    /// exception filter (<c>catch (Exception e) when (Tag(e, rdd))</c>): it always returns false, so the exception
    /// is never caught and the happy path pays nothing.
    /// </summary>
    public static bool Tag(Exception exception, Rdd operatorRdd)
    {
        if (!exception.Data.Contains(Key))
        {
            exception.Data[Key] = operatorRdd.Description;
        }

        return false;
    }

    /// <summary>Records <paramref name="operatorDescription"/> on <paramref name="exception"/>, when there is one (an operator named by another process).</summary>
    public static TException Record<TException>(TException exception, string? operatorDescription)
        where TException : Exception
    {
        if (operatorDescription is not null)
        {
            exception.Data[Key] = operatorDescription;
        }

        return exception;
    }

    /// <summary>The operator recorded on <paramref name="exception"/>, if any.</summary>
    public static string? OperatorOf(Exception exception) => exception.Data[Key] as string;
}
