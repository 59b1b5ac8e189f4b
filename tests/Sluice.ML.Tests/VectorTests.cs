using CsCheck;

namespace Sluice.ML.Tests;

/// <summary>Vectors and labeled points in Spark's text forms and CSV, and their arithmetic, dense and sparse alike.</summary>
public sealed class VectorTests
{
    [Theory]
    [InlineData("[1.0,2.5,-300]", "[1,2.5,-300]")]
    [InlineData(" [ 1 , 2 ] ", "[1,2]")]
    [InlineData("[]", "[]")]
    [InlineData("(4,[0,3],[1.5,-2])", "(4,[0,3],[1.5,-2])")]
    [InlineData("(3, [], [])", "(3,[],[])")]
    public void SparksTextForms_AreReadAndWrittenBack(string text, string written) => Assert.Equal(written, Vectors.Parse(text).ToString());

    [Theory]
    [InlineData("[1.0,x]", "a number was expected at position 6, where 'x' is")]
    [InlineData("[1,2", "',' or ']' was expected at position 5, at the end")]
    [InlineData("[1,2] 3", "the end was expected at position 7, where '3' is")]
    [InlineData("(3,[0,5],[1,2])", "index 5 at position 1 does not")]
    [InlineData("(3,[2,1],[1,2])", "must increase strictly")]
    [InlineData("1,2", "'(' was expected at position 1, where '1' is")]
    public void WhatIsNotAVector_IsAFormatErrorSayingWhere(string text, string said)
        => Assert.Contains(said, Assert.Throws<FormatException>(() => Vectors.Parse(text)).Message, StringComparison.Ordinal);

    [Fact]
    public void CsvLinesAndLabeledPoints_AreRead()
    {
        Assert.Equal(Vectors.Dense(1.5, 2, -0.25), Vectors.ParseCsv("1.5, 2,-0.25"));
        Assert.Contains("field 2, 'a', is not a number", Assert.Throws<FormatException>(() => Vectors.ParseCsv("1,a")).Message, StringComparison.Ordinal);
        Assert.Equal(new LabeledPoint(1, Vectors.Dense(2, 3)), LabeledPoint.Parse("(1.0,[2.0,3.0])"));
        Assert.Equal(new LabeledPoint(0, Vectors.Sparse(3, [1], [2.5])), LabeledPoint.Parse("(0, (3,[1],[2.5]))"));
        Assert.Equal(new LabeledPoint(3.5, Vectors.Dense(1, 2)), LabeledPoint.ParseCsv("3.5,1,2"));
        Assert.Equal("(1,[2,3])", LabeledPoint.Parse("(1.0,[2.0,3.0])").ToString());
        Assert.Throws<FormatException>(() => LabeledPoint.ParseCsv("3.5"));
        Assert.Throws<FormatException>(() => LabeledPoint.Parse("(1.0 [2.0])"));
    }

    [Fact]
    public void ADenseAndASparseVectorOfTheSameValues_AreEqual_AndComputeAlike()
        => Gen.Double[-100, 100].Array[1, 12].Select(Gen.Double[-100, 100].Array[12], Gen.Double[0, 1]).Sample((values, other, zeros) =>
        {
            var kept = values.Select((value, index) => (value, index)).Where(pair => pair.index % 3 != 0 || zeros < 0.5).ToArray();
            var dense = Vectors.Dense([.. values.Select((value, index) => kept.Any(pair => pair.index == index) ? value : 0)]);
            var sparse = Vectors.Sparse(values.Length, [.. kept.Select(pair => pair.index)], [.. kept.Select(pair => pair.value)]);
            var against = other[..values.Length];
            var (denseSum, sparseSum) = ((double[])against.Clone(), (double[])against.Clone());
            dense.AddTo(0.5, denseSum);
            sparse.AddTo(0.5, sparseSum);
            return dense.Equals(sparse) && dense.GetHashCode() == sparse.GetHashCode()
                && Close(dense.Dot(against), sparse.Dot(against)) && Close(dense.SquaredDistance(against), sparse.SquaredDistance(against))
                && denseSum.Zip(sparseSum).All(pair => Close(pair.First, pair.Second));
        });

    [Fact]
    public void VectorsOfDifferentSizes_AreRefusedInWords()
        => Assert.Contains("The vectors' sizes differ: 2 and 3", Assert.Throws<ArgumentException>(() => Vectors.Dense(1, 2).Dot([1, 2, 3])).Message, StringComparison.Ordinal);

    private static bool Close(double a, double b) => Math.Abs(a - b) <= 1e-9 * Math.Max(1, Math.Max(Math.Abs(a), Math.Abs(b)));
}
