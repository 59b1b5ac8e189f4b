namespace Sluice.Execution.Tasks;

/// <summary>What the next value in task bytes is.</summary>
internal enum TaskTag : byte
{
    Null = 0,
    Reference = 1,
    Resident = 2,
    String = 3,
    Primitive = 4,
    Type = 5,
    Delegate = 6,
    Array = 7,
    Object = 8,
    Struct = 9,
    HashCollection = 10,
}
