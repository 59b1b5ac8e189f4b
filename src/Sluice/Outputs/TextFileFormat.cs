using System.Text;
using Sluice.Datasets;

namespace Sluice.Outputs;

/// <summary>One record per line, formatted as <c>Print</c> and <c>SaveAsTextFiles</c> do (tuples as <c>(a,b)</c>), UTF-8.</summary>
internal sealed class TextFileFormat<T> : IFileFormat<T>
{
    public string Extension => "txt";

    public void Write(Stream output, IEnumerable<T> records)
    {
        using var writer = new StreamWriter(output, new UTF8Encoding(encoderShouldEmitUTF8Identifier: false), bufferSize: 1 << 16, leaveOpen: true);
        foreach (var record in records)
        {
            writer.Write(RecordFormatter.Format(record));
            writer.Write('\n');
        }
    }
}
