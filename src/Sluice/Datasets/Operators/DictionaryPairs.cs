namespace Sluice.Datasets.Operators;

/// <summary>
/// A dictionary's entries as pairs, the result of a reduce-side merge: unlike LINQ's <c>Select</c> over it, it says
/// how many there are, so the shuffle after it sizes its buckets once.
/// </summary>
internal sealed class DictionaryPairs<TKey, TValue>(Dictionary<TKey, TValue> dictionary) : RecordEnumerator<(TKey, TValue)>
    where TKey : notnull
{
    private Dictionary<TKey, TValue>.Enumerator _entries = dictionary.GetEnumerator();

    public override int KnownCount => dictionary.Count;

    public override bool MoveNext()
    {
        if (!_entries.MoveNext())
        {
            return false;
        }

        Current = (_entries.Current.Key, _entries.Current.Value);
        return true;
    }

    public override void Dispose() => _entries.Dispose();

    protected override RecordEnumerator<(TKey, TValue)> Clone() => new DictionaryPairs<TKey, TValue>(dictionary);
}
