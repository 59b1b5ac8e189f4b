namespace Sluice.Tests;

/// <summary>Inputs and partition counts every dataset operation is checked with: empty, single, fewer records than partitions, many.</summary>
public static class Layouts
{
    private static readonly int[][] s_inputs =
    [
        [],
        [7],
        [3, 1, 2],
        [.. Enumerable.Range(0, 200).Select(i => (i * 37) % 23)],
    ];

    private static readonly int[] s_partitions = [1, 3, 8];

    public static TheoryData<int[], int> All()
    {
        var data = new TheoryData<int[], int>();
        foreach (var input in s_inputs)
        {
            foreach (var partitions in s_partitions)
            {
                data.Add(input, partitions);
            }
        }

        return data;
    }

    /// <summary>Key-value pairs with repeated keys, derived from an input.</summary>
    public static (int, int)[] Pairs(int[] input) => [.. input.Select((value, index) => (value % 5, index))];
}
