using Sluice.Text;

namespace Sluice.Datasets.Operators;

/// <summary>Pushes on the words of each line, cut from its bytes in place: no enumerator or string per line or word.</summary>
internal sealed class WordsSink(RecordSink<Utf8Text> next) : RecordSink<Utf8Text>
{
    public override void Push(Utf8Text record)
    {
        foreach (var word in record.Words())
        {
            next.Push(word);
        }
    }
}
