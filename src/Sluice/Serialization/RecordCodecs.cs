using System.Buffers.Binary;
using System.Text.Json;
using System.Text.Json.Serialization.Metadata;

namespace Sluice.Serialization;

/// <summary>Codecs for common record types, and the default choice for a type.</summary>
public static class RecordCodecs
{
    /// <summary>UTF-8 strings, each preceded by its length in bytes (7-bit encoded).</summary>
    public static IRecordCodec<string> Utf8String { get; } = new Utf8StringCodec();

    /// <summary>UTF-8 text, as <see cref="Utf8String"/> writes strings: a block of lines reads back as either.</summary>
    public static IRecordCodec<Text.Utf8Text> Utf8Text { get; } = new Utf8TextCodec();

    /// <summary>Byte arrays, each preceded by its length (7-bit encoded).</summary>
    public static IRecordCodec<byte[]> Bytes { get; } = new BytesCodec();

    /// <summary>32-bit integers, 4 bytes little-endian.</summary>
    public static IRecordCodec<int> Int32 { get; } = new FixedCodec<int>(sizeof(int), BinaryPrimitives.WriteInt32LittleEndian, BinaryPrimitives.ReadInt32LittleEndian);

    /// <summary>64-bit integers, 8 bytes little-endian.</summary>
    public static IRecordCodec<long> Int64 { get; } = new FixedCodec<long>(sizeof(long), BinaryPrimitives.WriteInt64LittleEndian, BinaryPrimitives.ReadInt64LittleEndian);

    /// <summary>Doubles, 8 bytes little-endian IEEE 754.</summary>
    public static IRecordCodec<double> Double { get; } = new FixedCodec<double>(sizeof(double), BinaryPrimitives.WriteDoubleLittleEndian, BinaryPrimitives.ReadDoubleLittleEndian);

    /// <summary>Pairs: the key's bytes, then the value's.</summary>
    /// <typeparam name="TKey">The key type.</typeparam>
    /// <typeparam name="TValue">The value type.</typeparam>
    /// <param name="key">The key codec.</param>
    /// <param name="value">The value codec.</param>
    public static IRecordCodec<(TKey Key, TValue Value)> Pair<TKey, TValue>(IRecordCodec<TKey> key, IRecordCodec<TValue> value)
    {
        ArgumentNullException.ThrowIfNull(key);
        ArgumentNullException.ThrowIfNull(value);
        return new PairCodec<TKey, TValue>(key, value);
    }

    /// <summary>Any type as JSON (System.Text.Json), each record preceded by its length.</summary>
    /// <typeparam name="T">The record type.</typeparam>
    /// <param name="typeInfo">Source-generated metadata for <typeparamref name="T"/>; reflection-based when omitted.</param>
    public static IRecordCodec<T> Json<T>(JsonTypeInfo<T>? typeInfo = null)
        => new JsonCodec<T>(typeInfo ?? (JsonTypeInfo<T>)JsonSerializerOptions.Default.GetTypeInfo(typeof(T)));

    /// <summary>
    /// The codec used when none is given: the ones above for strings, text, byte arrays, 32- and 64-bit integers,
    /// doubles and pairs of these; JSON for any other type.
    /// </summary>
    /// <typeparam name="T">The record type.</typeparam>
    public static IRecordCodec<T> Default<T>() => DefaultCodec<T>.Instance;

    private static class DefaultCodec<T>
    {
        public static readonly IRecordCodec<T> Instance = (IRecordCodec<T>)Choose(typeof(T));
    }

    private static object Choose(Type type)
    {
        if (type == typeof(string))
        {
            return Utf8String;
        }

        if (type == typeof(Text.Utf8Text))
        {
            return Utf8Text;
        }

        if (type == typeof(byte[]))
        {
            return Bytes;
        }

        if (type == typeof(int))
        {
            return Int32;
        }

        if (type == typeof(long))
        {
            return Int64;
        }

        if (type == typeof(double))
        {
            return Double;
        }

        if (type.IsGenericType && type.GetGenericTypeDefinition() == typeof(ValueTuple<,>))
        {
            var arguments = type.GetGenericArguments();
            var pair = typeof(RecordCodecs).GetMethod(nameof(Pair))!.MakeGenericMethod(arguments);
            return pair.Invoke(null, [Choose(arguments[0]), Choose(arguments[1])])!;
        }

        return typeof(RecordCodecs).GetMethod(nameof(Json))!.MakeGenericMethod(type).Invoke(null, [null])!;
    }

    /// <summary>A type's name as C# writes it (<c>(string, List&lt;int&gt;)</c>), for messages.</summary>
    internal static string TypeName(Type type)
    {
        if (type.IsGenericType && type.FullName?.StartsWith("System.ValueTuple`", StringComparison.Ordinal) == true)
        {
            return $"({string.Join(", ", type.GetGenericArguments().Select(TypeName))})";
        }

        return type.IsGenericType
            ? $"{type.Name[..type.Name.IndexOf('`', StringComparison.Ordinal)]}<{string.Join(", ", type.GetGenericArguments().Select(TypeName))}>"
            : type.Name;
    }
}
