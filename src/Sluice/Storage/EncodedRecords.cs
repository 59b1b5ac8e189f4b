using System.Collections;
using Sluice.Serialization;
using Sluice.Text;

namespace Sluice.Storage;

/// <summary>
/// The records of an <see cref="EncodedBlock"/>, read one at a time as they are enumerated: a task going through a
/// block of lines holds one line's string at a time, not an array of every line of the block. Lines of
/// <see cref="Utf8Text"/> are views of the block's bytes, with no copy at all.
/// </summary>
internal sealed class EncodedRecords<T>(EncodedBlock block) : IEnumerable<T>
{
    public IEnumerator<T> GetEnumerator() => new Reader(block);

    IEnumerator IEnumerable.GetEnumerator() => GetEnumerator();

    private sealed class Reader(EncodedBlock block) : IEnumerator<T>
    {
        private readonly IRecordCodec<T> _codec = RecordCodecs.Default<T>();
        private int _offset;
        private int _read;

        public T Current { get; private set; } = default!;

        object? IEnumerator.Current => Current;

        public bool MoveNext()
        {
            if (_read == block.Count)
            {
                return false;
            }

            ReadOnlySpan<byte> rest = block.Bytes.AsSpan(_offset);
            var before = rest.Length;
            try
            {
                // Lines of text are views of the block's bytes, not copies: the block lives as long as its batch does.
                Current = typeof(T) == typeof(Utf8Text) ? (T)(object)Utf8TextCodec.ReadView(block.Bytes, ref rest) : _codec.Read(ref rest);
            }
            catch (Exception error) when (error is not OperationCanceledException)
            {
                throw new InvalidDataException($"Record {_read} of a stored block of {block.Count} records could not be read back: {error.Message}", error);
            }

            _offset += before - rest.Length;
            _read++;
            return true;
        }

        public void Reset() => (_offset, _read) = (0, 0);

        public void Dispose()
        {
        }
    }
}
