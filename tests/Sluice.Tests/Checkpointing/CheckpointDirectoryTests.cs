using System.Text;
using Microsoft.Extensions.Logging.Abstractions;
using Sluice.Checkpointing;

namespace Sluice.Tests.Checkpointing;

public sealed class CheckpointDirectoryTests : IDisposable
{
    private static readonly DateTimeOffset T0 = new(2026, 1, 1, 0, 0, 0, TimeSpan.Zero);
    private readonly string _path = Directory.CreateTempSubdirectory("sluice-checkpoint-").FullName;

    public void Dispose() => Directory.Delete(_path, recursive: true);

    private CheckpointDirectory Open() => new(new LocalCheckpointStorage(_path), NullLogger.Instance);

    /// <summary>Metadata payload "batch N|data-file,data-file": the data files it references follow the bar.</summary>
    private static ReadOnlyMemory<byte> Metadata(int batch, params string[] files) => Encoding.UTF8.GetBytes($"{batch}|{string.Join(',', files)}");

    private static IEnumerable<string> References(ReadOnlyMemory<byte> payload)
        => Encoding.UTF8.GetString(payload.Span).Split('|')[1].Split(',', StringSplitOptions.RemoveEmptyEntries);

    private static int Accept(ReadOnlyMemory<byte> payload) => int.Parse(Encoding.UTF8.GetString(payload.Span).Split('|')[0], System.Globalization.CultureInfo.InvariantCulture);

    [Fact]
    public async Task NoCheckpoint_ReadsAsNull()
        => Assert.Null(await Open().ReadLatestAsync(Accept));

    [Fact]
    public async Task Latest_IsTheNewestBatch()
    {
        var checkpoints = Open();
        for (var batch = 1; batch <= 3; batch++)
        {
            await checkpoints.WriteMetadataAsync(T0.AddSeconds(batch), Metadata(batch), References);
        }

        Assert.Equal((T0.AddSeconds(3), 3), await checkpoints.ReadLatestAsync(Accept));
    }

    [Theory]
    [InlineData("corrupt")]
    [InlineData("truncated")]
    [InlineData("foreign")]
    public async Task DamagedLatest_FallsBackToThePrevious(string damage)
    {
        var checkpoints = Open();
        await checkpoints.WriteMetadataAsync(T0.AddSeconds(1), Metadata(1), References);
        await checkpoints.WriteMetadataAsync(T0.AddSeconds(2), Metadata(2), References);
        var latest = Path.Combine(_path, CheckpointDirectory.MetadataName(T0.AddSeconds(2)));
        var bytes = File.ReadAllBytes(latest);
        File.WriteAllBytes(latest, damage switch
        {
            "corrupt" => [.. bytes[..20], (byte)(bytes[20] ^ 1), .. bytes[21..]],
            "truncated" => bytes[..(bytes.Length / 2)],
            _ => "not a checkpoint"u8.ToArray(),
        });

        Assert.Equal((T0.AddSeconds(1), 1), await checkpoints.ReadLatestAsync(Accept));
    }

    [Fact]
    public async Task NothingReadable_SaysWhyForEachFile()
    {
        var checkpoints = Open();
        await checkpoints.WriteMetadataAsync(T0.AddSeconds(1), Metadata(1), References);
        File.WriteAllText(Path.Combine(_path, CheckpointDirectory.MetadataName(T0.AddSeconds(1))), "junk");
        var error = await Assert.ThrowsAsync<CheckpointFormatException>(() => checkpoints.ReadLatestAsync(Accept));
        Assert.Contains($"No checkpoint in {_path} can be used", error.Message, StringComparison.Ordinal);
        Assert.Contains("is not a Sluice checkpoint file", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Retention_KeepsTheNewestTen_AndDeletesDataOnlyOldOnesReferenced()
    {
        var checkpoints = Open();
        for (var batch = 1; batch <= 15; batch++)
        {
            var data = $"state-{batch}";
            await checkpoints.WriteDataAsync(data, CheckpointFileKind.State, new byte[] { 1, 2, 3 });
            await checkpoints.WriteMetadataAsync(T0.AddSeconds(batch), Metadata(batch, data, "state-shared"), References);
        }

        await checkpoints.WriteDataAsync("state-shared", CheckpointFileKind.State, new byte[] { 4 });
        await checkpoints.WriteMetadataAsync(T0.AddSeconds(16), Metadata(16, "state-16", "state-shared"), References);

        var names = Directory.EnumerateFiles(_path).Select(Path.GetFileName).ToHashSet();
        Assert.Equal(10, names.Count(name => name!.StartsWith("metadata-", StringComparison.Ordinal)));
        Assert.DoesNotContain("state-6", names); // only metadata 6, now deleted, referenced it
        Assert.Contains("state-7", names);
        Assert.Contains("state-shared", names);
    }

    [Fact]
    public async Task StrayFilesOfTheUser_AreNotMetadata_AndDoNotBreakReading()
    {
        var checkpoints = Open();
        await checkpoints.WriteMetadataAsync(T0.AddSeconds(1), Metadata(1), References);
        File.WriteAllText(Path.Combine(_path, "metadata-notes.txt"), "mine");
        Assert.Equal((T0.AddSeconds(1), 1), await checkpoints.ReadLatestAsync(Accept));
    }
}
