using System.Collections;
using System.Reflection;

namespace Sluice.Execution.Tasks;

/// <summary>
/// Writes an object graph (a task's lineage and function) as bytes, the way docs/adr/0005 decides: data field by
/// field, functions as their method's identity and the values their closure holds, and resident objects (contexts,
/// streams, state stores) by name. Objects shared or in cycles are written once and referred to after.
/// </summary>
internal sealed class TaskWriter
{
    private readonly BinaryWriter _out;
    private readonly string _root;
    private readonly Dictionary<object, int> _ids = new(ReferenceEqualityComparer.Instance);
    private readonly Dictionary<Type, int> _types = [];
    private readonly List<string> _path = [];
    private readonly Func<object, FieldInfo, bool>? _cut;

    private TaskWriter(Stream output, string root, Func<object, FieldInfo, bool>? cut)
    {
        _out = new BinaryWriter(output);
        _root = root;
        _cut = cut;
    }

    /// <summary>The bytes of <paramref name="graph"/>.</summary>
    /// <param name="graph">The task's objects.</param>
    /// <param name="root">What the graph is, for errors (a dataset's description).</param>
    /// <param name="cut">
    /// Fields not to follow, written as null: what lies beyond the task's own part of the graph (a stage ends at a
    /// shuffle, whose map side an earlier stage has run).
    /// </param>
    /// <exception cref="InvalidOperationException">Something in the graph cannot travel ("Task not serializable"), named with its path.</exception>
    public static byte[] Write(object graph, string root, Func<object, FieldInfo, bool>? cut = null)
    {
        using var buffer = new MemoryStream();
        var writer = new TaskWriter(buffer, root, cut);
        writer._out.Write(TaskReader.Magic);
        writer.Value(graph);
        writer._out.Flush();
        return buffer.ToArray();
    }

    private void Value(object? value)
    {
        switch (value)
        {
            case null:
                Tag(TaskTag.Null);
                return;
            case string text:
                Tag(TaskTag.String);
                _out.Write(text);
                return;
            case Type type:
                Tag(TaskTag.Type);
                TypeRef(type);
                return;
            case IResident resident:
                Tag(TaskTag.Resident);
                _out.Write(resident.ResidentName);
                return;
        }

        var runtimeType = value.GetType();
        if (TravelTypes.IsPrimitive(runtimeType))
        {
            Tag(TaskTag.Primitive);
            TypeRef(runtimeType);
            Primitive(value);
            return;
        }

        if (runtimeType.IsValueType)
        {
            Tag(TaskTag.Struct);
            TypeRef(runtimeType);
            Fields(value, runtimeType);
            return;
        }

        if (_ids.TryGetValue(value, out var id))
        {
            Tag(TaskTag.Reference);
            _out.Write(id);
            return;
        }

        if (TravelTypes.CannotTravel(runtimeType) is { } instead)
        {
            throw NotSerializable(runtimeType, instead);
        }

        switch (value)
        {
            case Delegate function:
                Function(function);
                return;
            case Array array:
                Array(array);
                return;
        }

        if (TravelTypes.IsHashCollection(runtimeType))
        {
            HashCollection(value, runtimeType);
            return;
        }

        Tag(TaskTag.Object);
        TypeRef(runtimeType);
        _ids.Add(value, _ids.Count);
        if (!TravelTypes.TravelsAsNew(runtimeType))
        {
            Fields(value, runtimeType);
        }
    }

    private void Fields(object value, Type type)
    {
        foreach (var field in TravelTypes.Fields(type))
        {
            _path.Add(TravelTypes.MemberName(field));
            Value(_cut?.Invoke(value, field) == true ? null : field.GetValue(value));
            _path.RemoveAt(_path.Count - 1);
        }
    }

    /// <summary>
    /// A function: its delegate type, its method (declaring type, metadata token, generic arguments), then its target.
    /// Its number is taken first: a closure may hold the very delegate whose target it is (the compiler caches one).
    /// </summary>
    private void Function(Delegate function)
    {
        if (function.HasSingleTarget is false)
        {
            throw NotSerializable(function.GetType(), "A multicast delegate cannot travel: pass one function.");
        }

        var method = function.Method;
        if (method.DeclaringType is null || method is System.Reflection.Emit.DynamicMethod)
        {
            throw NotSerializable(function.GetType(), "A function compiled at run time has no identity in the application's build: write it as a lambda or a method.");
        }

        Tag(TaskTag.Delegate);
        _ids.Add(function, _ids.Count);
        TypeRef(function.GetType());
        TypeRef(method.DeclaringType);
        _out.Write(method.MetadataToken);
        var arguments = method.IsGenericMethod ? method.GetGenericArguments() : [];
        _out.Write(arguments.Length);
        foreach (var argument in arguments)
        {
            TypeRef(argument);
        }

        _path.Add("target");
        Value(function.Target);
        _path.RemoveAt(_path.Count - 1);
    }

    private void Array(Array array)
    {
        var type = array.GetType();
        if (type.GetArrayRank() != 1)
        {
            throw NotSerializable(type, "Use a one-dimensional array or a list.");
        }

        Tag(TaskTag.Array);
        TypeRef(type);
        _out.Write(array.Length);
        _ids.Add(array, _ids.Count);
        var element = type.GetElementType()!;
        if (element.IsPrimitive)
        {
            var bytes = Buffer.ByteLength(array);
            var copy = new byte[bytes];
            Buffer.BlockCopy(array, 0, copy, 0, bytes);
            _out.Write(copy);
            return;
        }

        for (var i = 0; i < array.Length; i++)
        {
            _path.Add($"[{i}]");
            Value(array.GetValue(i));
            _path.RemoveAt(_path.Count - 1);
        }
    }

    /// <summary>A dictionary or set whose layout depends on hash codes (which differ between processes): its comparer and entries, added again when read.</summary>
    private void HashCollection(object collection, Type type)
    {
        Tag(TaskTag.HashCollection);
        TypeRef(type);
        _ids.Add(collection, _ids.Count);
        var comparer = type.GetProperty("Comparer")!.GetValue(collection);
        var defaultComparer = typeof(EqualityComparer<>).MakeGenericType(type.GetGenericArguments()[0]).GetProperty("Default")!.GetValue(null);
        Value(ReferenceEquals(comparer, defaultComparer) ? null : comparer);
        var entries = new List<object?>();
        if (collection is IDictionary dictionary)
        {
            for (var entry = dictionary.GetEnumerator(); entry.MoveNext();)
            {
                entries.Add(entry.Key);
                entries.Add(entry.Value);
            }
        }
        else
        {
            entries.AddRange(((IEnumerable)collection).Cast<object?>());
        }

        _out.Write(entries.Count);
        foreach (var entry in entries)
        {
            Value(entry);
        }
    }

    private void Primitive(object value)
    {
        switch (Type.GetTypeCode(value.GetType()))
        {
            case TypeCode.Boolean: _out.Write((bool)value); break;
            case TypeCode.Char: _out.Write((ushort)(char)value); break;
            case TypeCode.SByte: _out.Write(Convert.ToSByte(value, null)); break;
            case TypeCode.Byte: _out.Write(Convert.ToByte(value, null)); break;
            case TypeCode.Int16: _out.Write(Convert.ToInt16(value, null)); break;
            case TypeCode.UInt16: _out.Write(Convert.ToUInt16(value, null)); break;
            case TypeCode.Int32: _out.Write(Convert.ToInt32(value, null)); break;
            case TypeCode.UInt32: _out.Write(Convert.ToUInt32(value, null)); break;
            case TypeCode.Int64: _out.Write(Convert.ToInt64(value, null)); break;
            case TypeCode.UInt64: _out.Write(Convert.ToUInt64(value, null)); break;
            case TypeCode.Single: _out.Write((float)value); break;
            case TypeCode.Double: _out.Write((double)value); break;
            default: throw NotSerializable(value.GetType(), "A native-sized number only means something in its own process.");
        }
    }

    /// <summary>A type: the first time, its assembly-qualified name and its assembly's module version id (checked when read); then its number.</summary>
    private void TypeRef(Type type)
    {
        if (_types.TryGetValue(type, out var number))
        {
            _out.Write(number);
            return;
        }

        if (type.IsPointer || type.IsByRef || type.AssemblyQualifiedName is null || type.Assembly.IsDynamic)
        {
            throw NotSerializable(type, "A type made at run time has no identity in the application's build.");
        }

        number = _types.Count;
        _types.Add(type, number);
        _out.Write(number);
        _out.Write(type.AssemblyQualifiedName);
        _out.Write(type.Assembly.ManifestModule.ModuleVersionId.ToByteArray());
    }

    private void Tag(TaskTag tag) => _out.Write((byte)tag);

    private InvalidOperationException NotSerializable(Type type, string instead)
    {
        var path = _path.Count == 0 ? "itself" : $"'{string.Join('.', _path)}'";
        return new InvalidOperationException(
            $"Task not serializable: {_root} holds {path} of type {TypeName(type)}, which cannot travel to an executor in another process. {instead}");
    }

    private static string TypeName(Type type) => type.IsGenericType ? type.Name[..type.Name.IndexOf('`', StringComparison.Ordinal)] : type.Name;
}
