using System.Collections;

namespace Sluice.Text;

/// <summary>
/// The words of a <see cref="Utf8Text"/>: the runs of bytes between spaces (<c>' '</c>), without empty ones, as
/// views of its bytes. Each word's hash is computed in the same pass that finds its end. <c>foreach</c> over it
/// allocates nothing; as an <see cref="IEnumerable{T}"/> (for <c>FlatMap</c>) it allocates once per text.
/// </summary>
public readonly struct Utf8Words : IEnumerable<Utf8Text>
{
    private readonly Utf8Text _text;

    internal Utf8Words(Utf8Text text) => _text = text;

    /// <summary>An enumerator over the words.</summary>
    public Enumerator GetEnumerator() => new(_text);

    IEnumerator<Utf8Text> IEnumerable<Utf8Text>.GetEnumerator() => GetEnumerator();

    IEnumerator IEnumerable.GetEnumerator() => GetEnumerator();

    /// <summary>Walks the words of one text.</summary>
    public struct Enumerator : IEnumerator<Utf8Text>
    {
        private readonly byte[] _buffer;
        private readonly int _end;
        private int _next;

        internal Enumerator(Utf8Text text)
        {
            _buffer = text.Buffer ?? [];
            _next = text.Start;
            _end = text.Start + text.Length;
            Current = default;
        }

        /// <summary>The word found by the last <see cref="MoveNext"/>.</summary>
        public Utf8Text Current { get; private set; }

        readonly object IEnumerator.Current => Current;

        /// <summary>Finds the next word.</summary>
        public bool MoveNext()
        {
            var bytes = _buffer;
            var i = _next;
            var end = _end;
            while (i < end && bytes[i] == (byte)' ')
            {
                i++;
            }

            if (i == end)
            {
                _next = end;
                return false;
            }

            var start = i;
            var hash = Utf8Hash.Start;
            do
            {
                hash = Utf8Hash.Add(hash, bytes[i]);
                i++;
            }
            while (i < end && bytes[i] != (byte)' ');

            Current = new Utf8Text(bytes, start, i - start, Utf8Hash.Finish(hash));
            _next = i;
            return true;
        }

        /// <summary>Not supported: enumerate the words again with a new enumerator.</summary>
        public readonly void Reset() => throw new NotSupportedException();

        /// <summary>Nothing to release.</summary>
        public readonly void Dispose()
        {
        }
    }
}
