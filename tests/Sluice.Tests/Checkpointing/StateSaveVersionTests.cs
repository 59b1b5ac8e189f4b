using Sluice.Checkpointing;
using Sluice.Datasets;
using Sluice.Streams;
using Sluice.Testing;

namespace Sluice.Tests.Checkpointing;

/// <summary>Which version of the state a checkpoint saves: the oldest kept on the way, the last one at a graceful stop.</summary>
public sealed class StateSaveVersionTests : IDisposable
{
    private readonly string _directory = Directory.CreateTempSubdirectory("sluice-save-version-").FullName;

    public void Dispose() => Directory.Delete(_directory, recursive: true);

    private IReadOnlyList<StateFile> StateFilesOf(DateTimeOffset batch)
    {
        var name = Directory.EnumerateFiles(_directory, "metadata-*").Single(path => path.EndsWith(batch.ToUnixTimeMilliseconds().ToString("D15", System.Globalization.CultureInfo.InvariantCulture), StringComparison.Ordinal));
        return CheckpointMetadata.FromJson(CheckpointFile.Unwrap(File.ReadAllBytes(name), CheckpointFileKind.Metadata, name), name).StateFiles;
    }

    [Fact]
    public async Task PeriodicSave_TakesTheTablesBase_AGracefulStopTheLastBatch()
    {
        DateTimeOffset zero;
        using (var test = new StreamingTestContext())
        {
            zero = test.Clock.GetUtcNow();
            test.Context.Checkpoint(_directory);
            test.Input<string>([["a"], ["a", "b"], ["b"], ["c"], ["a"], ["b"]]).Map(word => (word, 1))
                .UpdateStateByKey<string, int, int>((values, total) => new Optional<int>(total.GetValueOrDefault(0) + values.Count), partitions: 2)
                .Checkpoint(TimeSpan.FromSeconds(2))
                .Print();
            // Each save written before the next batch, as on a machine that keeps up; a save still running
            // holds off folding, so a slow writer could leave the base too far behind and make the next save exact.
            for (var batch = 0; batch < 6; batch++)
            {
                await test.RunBatchesAsync(1);
                await test.Context.CheckpointsWrittenAsync();
            }

            test.Context.Stop(stopGracefully: true);
        }

        // Saved after batch 4: the version its tables' bases held then (batch 2: the remembered batch 3 and batch 4
        // itself not folded yet), which is one walk over a dictionary, with nothing newer to merge.
        var saved = StateFilesOf(zero.AddSeconds(4));
        Assert.Equal(2, saved.Count);
        Assert.All(saved, file => Assert.Equal(zero.AddSeconds(2), file.Version));

        // A graceful stop saves the last batch's state, so a restart replays nothing.
        Assert.All(StateFilesOf(zero.AddSeconds(6)), file => Assert.Equal(zero.AddSeconds(6), file.Version));
    }
}
