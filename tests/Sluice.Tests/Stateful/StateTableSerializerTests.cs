using CsCheck;
using Sluice.Serialization;
using Sluice.Stateful;

namespace Sluice.Tests.Stateful;

public class StateTableSerializerTests
{
    [Fact]
    public void AVersionWithDeltas_RoundTripsIntoAFreshTable_WithIdleTimes()
        => Gen.Select(Gen.String[0, 8], Gen.Long).Array[0, 50].Sample(entries =>
        {
            var table = new StateTable<string, long>();
            table.Initialize(10, entries.DistinctBy(e => e.Item1).Select(e => (e.Item1, e.Item2)));
            var delta = new StateDelta<string, long>();
            delta.Set("added", new StateEntry<long>(7, 20));
            if (entries.Length > 0)
            {
                delta.Remove(entries[0].Item1);
            }

            table.Commit(10, 20, delta);
            table.Pin();
            var bytes = StateTableSerializer.Write(table, 20, RecordCodecs.Utf8String, RecordCodecs.Int64);
            table.Unpin();

            var restored = new StateTable<string, long> { TracksIdleKeys = true };
            restored.Restore(20, StateTableSerializer.Read(bytes, RecordCodecs.Utf8String, RecordCodecs.Int64));
            return restored.Snapshot(20).OrderBy(e => e.Key, StringComparer.Ordinal).SequenceEqual(table.Snapshot(20).OrderBy(e => e.Key, StringComparer.Ordinal))
                && restored.IdleKeys(20, 10).Count == table.Snapshot(20).Count(e => e.Entry.LastDataTicks <= 10);
        }, iter: 200);

    [Fact]
    public void FixedSizeKeysAndStates_RoundTripThroughTheFastPath()
        => Gen.Select(Gen.Long, Gen.Long).Array[0, 50].Sample(entries =>
        {
            var table = new StateTable<long, long>();
            table.Initialize(10, entries.DistinctBy(e => e.Item1).Select(e => (e.Item1, e.Item2)));
            table.Pin();
            var bytes = StateTableSerializer.Write(table, 10, RecordCodecs.Int64, RecordCodecs.Int64);
            table.Unpin();
            var read = StateTableSerializer.Read(bytes, RecordCodecs.Int64, RecordCodecs.Int64);
            return read.OrderBy(e => e.Key).SequenceEqual(table.Snapshot(10).OrderBy(e => e.Key)) && bytes.Length == 8 + (24 * read.Count);
        }, iter: 200);

    [Fact]
    public void IntKeysAndDoubleStates_RoundTripThroughTheFastPath_AcrossManyChunks()
    {
        var table = new StateTable<int, double>();
        table.Initialize(10, Enumerable.Range(-10_000, 20_000).Select(key => (key, key / 3.0)));
        var delta = new StateDelta<int, double>();
        delta.Set(5, new StateEntry<double>(double.NaN, 20));
        delta.Remove(6);
        table.Commit(10, 20, delta);
        table.Pin();
        var bytes = StateTableSerializer.Write(table, 20, RecordCodecs.Int32, RecordCodecs.Double);
        table.Unpin();

        var read = StateTableSerializer.Read(bytes, RecordCodecs.Int32, RecordCodecs.Double);
        Assert.Equal(table.Snapshot(20).OrderBy(e => e.Key), read.OrderBy(e => e.Key));
        Assert.Equal(8 + (20 * 19_999), bytes.Length);
    }

    [Fact]
    public void RandomBytes_AreAFormatException_NeverACrashOrHang()
        => Gen.Byte.Array[0, 100].Sample(bytes =>
        {
            try
            {
                StateTableSerializer.Read(bytes, RecordCodecs.Utf8String, RecordCodecs.Int64);
                return true; // some byte strings are valid tables
            }
            catch (FormatException)
            {
                return true;
            }
        }, iter: 5000);

    [Fact]
    public void Restore_IntoATableWithState_IsRefused()
    {
        var table = new StateTable<string, long>();
        table.Initialize(0, [("a", 1)]);
        Assert.Throws<InvalidOperationException>(() => table.Restore(1, []));
    }
}
