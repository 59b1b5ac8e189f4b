using Avro;

namespace Sluice.Flume;

/// <summary>Flume's <c>AvroSourceProtocol</c>, which Flume's Avro sink calls (as flume-ng-sdk defines it), and its MD5 hash for the handshake.</summary>
internal static class AvroSourceProtocol
{
    public const string Json = """
        {"protocol":"AvroSourceProtocol","namespace":"org.apache.flume.source.avro",
         "types":[
          {"type":"enum","name":"Status","symbols":["OK","FAILED","UNKNOWN"]},
          {"type":"record","name":"AvroFlumeEvent","fields":[{"name":"headers","type":{"type":"map","values":"string"}},{"name":"body","type":"bytes"}]}],
         "messages":{
          "append":{"request":[{"name":"event","type":"AvroFlumeEvent"}],"response":"Status"},
          "appendBatch":{"request":[{"name":"events","type":{"type":"array","items":"AvroFlumeEvent"}}],"response":"Status"}}}
        """;

    public static Protocol Protocol { get; } = Protocol.Parse(Json);

    public static byte[] Hash { get; } = Protocol.MD5;

    /// <summary>The protocol as the handshake sends it to a client that does not know it.</summary>
    public static string Text { get; } = Protocol.ToString();
}
