using Sluice.Datasets;
namespace Sluice.Tests;

/// <summary>One two-thread context shared by a test class, so tests exercise parallel tasks without re-creating threads.</summary>
public sealed class SluiceContextFixture : IDisposable
{
    public SluiceContext Context { get; } = new(new SluiceOptions { Master = "local[2]" });

    public void Dispose() => Context.Dispose();
}
