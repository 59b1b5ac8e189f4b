using System.Reflection;
using System.Runtime.InteropServices;

namespace Sluice.Kafka;

/// <summary>
/// The few functions of librdkafka's mock cluster that Confluent.Kafka does not wrap, bound to the very library
/// file Confluent.Kafka loaded, so the process holds one copy of librdkafka.
/// </summary>
internal static class LibRdKafka
{
    private const string Library = "librdkafka";
    private static readonly Lazy<string?> s_path = new(FindLoadedLibrary);

    static LibRdKafka() => NativeLibrary.SetDllImportResolver(typeof(LibRdKafka).Assembly, Resolve);

    /// <summary>Makes sure the resolver is in place before the first call.</summary>
    public static void EnsureLoaded() => _ = s_path.Value;

    [DllImport(Library)]
    public static extern IntPtr rd_kafka_conf_new();

    [DllImport(Library, BestFitMapping = false, ThrowOnUnmappableChar = true)]
    public static extern int rd_kafka_conf_set(IntPtr conf, [MarshalAs(UnmanagedType.LPUTF8Str)] string name, [MarshalAs(UnmanagedType.LPUTF8Str)] string value, byte[] errstr, UIntPtr errstrSize);

    [DllImport(Library)]
    public static extern IntPtr rd_kafka_new(int type, IntPtr conf, byte[] errstr, UIntPtr errstrSize);

    [DllImport(Library)]
    public static extern void rd_kafka_destroy(IntPtr rk);

    [DllImport(Library)]
    public static extern IntPtr rd_kafka_err2str(int err);

    [DllImport(Library)]
    public static extern IntPtr rd_kafka_mock_cluster_new(IntPtr rk, int brokers);

    [DllImport(Library)]
    public static extern void rd_kafka_mock_cluster_destroy(IntPtr cluster);

    [DllImport(Library)]
    public static extern IntPtr rd_kafka_mock_cluster_bootstraps(IntPtr cluster);

    [DllImport(Library, BestFitMapping = false, ThrowOnUnmappableChar = true)]
    public static extern int rd_kafka_mock_topic_create([In] IntPtr cluster, [MarshalAs(UnmanagedType.LPUTF8Str)] string topic, int partitions, int replicationFactor);

    [DllImport(Library)]
    public static extern void rd_kafka_mock_group_initial_rebalance_delay_ms(IntPtr cluster, int delayMs);

    [DllImport(Library)]
    public static extern int rd_kafka_mock_broker_set_down(IntPtr cluster, int brokerId);

    [DllImport(Library)]
    public static extern int rd_kafka_mock_broker_set_up(IntPtr cluster, int brokerId);

    [DllImport(Library, BestFitMapping = false, ThrowOnUnmappableChar = true)]
    public static extern int rd_kafka_mock_partition_delete_records([In] IntPtr cluster, [MarshalAs(UnmanagedType.LPUTF8Str)] string topic, int partition, long beforeOffset);

    public static string ErrorText(int error) => Marshal.PtrToStringUTF8(rd_kafka_err2str(error)) ?? $"error {error}";

    private static IntPtr Resolve(string name, Assembly assembly, DllImportSearchPath? searchPath)
        => name == Library && s_path.Value is { } path ? NativeLibrary.Load(path) : IntPtr.Zero;

    /// <summary>
    /// Confluent.Kafka picks the librdkafka build that loads on this system (on Debian 12 not the default one,
    /// which needs libsasl2.so.3). Load it through Confluent.Kafka, then find its file among the process's mappings
    /// (Linux); elsewhere the runtime's usual search finds the library.
    /// </summary>
    private static string? FindLoadedLibrary()
    {
        _ = Confluent.Kafka.Library.Version; // loads librdkafka
        const string Maps = "/proc/self/maps";
        return File.Exists(Maps)
            ? File.ReadLines(Maps)
                .Select(line => line.Split(' ', StringSplitOptions.RemoveEmptyEntries))
                .Where(fields => fields.Length >= 6 && fields[5].Contains("librdkafka", StringComparison.Ordinal))
                .Select(fields => fields[5])
                .FirstOrDefault()
            : null;
    }
}
