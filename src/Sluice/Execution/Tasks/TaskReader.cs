using System.Collections;
using System.Collections.Concurrent;
using System.Reflection;
using System.Runtime.CompilerServices;

namespace Sluice.Execution.Tasks;

/// <summary>
/// Reads what <see cref="TaskWriter"/> wrote, in a process running the same application build: types are checked
/// against the module version ids they were written with, functions are bound to the same methods, and resident
/// objects are this process's own.
/// </summary>
/// <remarks>
/// Reading creates objects of the types the bytes name and binds the methods they name: read only bytes that the
/// application's own driver wrote, never bytes from a file or a user.
/// </remarks>
internal sealed class TaskReader
{
    /// <summary>The first bytes of every task: its format and version.</summary>
    public static readonly byte[] Magic = "SLTASK1\n"u8.ToArray();

    private static readonly ConcurrentDictionary<(Type Type, int Token), MethodInfo> s_methods = new();

    private readonly BinaryReader _in;
    private readonly ResidentObjects _residents;
    private readonly List<object?> _objects = [];
    private readonly List<Type> _types = [];

    // Fields that refer to a function still being read (from inside its own target): set once it exists.
    private readonly List<(object Holder, FieldInfo Field, int Function)> _forward = [];

    private TaskReader(Stream input, ResidentObjects residents)
    {
        _in = new BinaryReader(input);
        _residents = residents;
    }

    /// <summary>The object graph in <paramref name="bytes"/>.</summary>
    /// <exception cref="TaskFormatException">Another build wrote the bytes, or they are damaged.</exception>
    public static object Read(byte[] bytes, ResidentObjects residents)
    {
        using var input = new MemoryStream(bytes, writable: false);
        var reader = new TaskReader(input, residents);
        try
        {
            if (!reader._in.ReadBytes(Magic.Length).AsSpan().SequenceEqual(Magic))
            {
                throw new TaskFormatException("These bytes are not a Sluice task (or one of another version): send tasks only between processes of the same build.");
            }

            return reader.Value() ?? throw new TaskFormatException("The task is empty.");
        }
        catch (Exception error) when (error is EndOfStreamException or InvalidCastException or ArgumentException or IOException)
        {
            throw new TaskFormatException($"The task's bytes are damaged ({error.Message}).", error);
        }
    }

    private object? Value()
    {
        var tag = (TaskTag)_in.ReadByte();
        switch (tag)
        {
            case TaskTag.Null:
                return null;
            case TaskTag.String:
                return _in.ReadString();
            case TaskTag.Type:
                return TypeRef();
            case TaskTag.Reference:
                {
                    var id = _in.ReadInt32();
                    return _objects[id] ?? new ForwardReference(id);
                }

            case TaskTag.Resident:
                return _residents.Resolve(_in.ReadString());
            case TaskTag.Primitive:
                return Primitive(TypeRef());
            case TaskTag.Struct:
                {
                    var type = TypeRef();
                    var boxed = RuntimeHelpers.GetUninitializedObject(type);
                    Fields(boxed, type);
                    return boxed;
                }

            case TaskTag.Delegate:
                return Function();
            case TaskTag.Array:
                return Array();
            case TaskTag.HashCollection:
                return HashCollection();
            case TaskTag.Object:
                {
                    var type = TypeRef();
                    var fresh = TravelTypes.TravelsAsNew(type);
                    var value = fresh ? Activator.CreateInstance(type)! : RuntimeHelpers.GetUninitializedObject(type);
                    _objects.Add(value);
                    GC.SuppressFinalize(value); // a copy's finalizer must not release what the original holds (a shuffle's outputs)
                    if (!fresh)
                    {
                        Fields(value, type);
                    }

                    return value;
                }

            default:
                throw new TaskFormatException($"Unknown value tag {(byte)tag} in the task's bytes: they are damaged, or another version wrote them.");
        }
    }

    private void Fields(object value, Type type)
    {
        foreach (var field in TravelTypes.Fields(type))
        {
            var read = Value();
            if (read is ForwardReference forward)
            {
                _forward.Add((value, field, forward.Id));
            }
            else
            {
                field.SetValue(value, read);
            }
        }
    }

    private Delegate Function()
    {
        var id = _objects.Count;
        _objects.Add(null); // until its target is read
        var delegateType = TypeRef();
        var declaring = TypeRef();
        var token = _in.ReadInt32();
        var arguments = new Type[_in.ReadInt32()];
        for (var i = 0; i < arguments.Length; i++)
        {
            arguments[i] = TypeRef();
        }

        var method = s_methods.GetOrAdd((declaring, token), static key =>
            key.Type.GetMethods(BindingFlags.Instance | BindingFlags.Static | BindingFlags.Public | BindingFlags.NonPublic | BindingFlags.DeclaredOnly)
                .FirstOrDefault(candidate => candidate.MetadataToken == key.Token)
            ?? throw new TaskFormatException($"{key.Type} has no method with token {key.Token:X8}: the executor runs another build of the application."));
        if (arguments.Length > 0)
        {
            method = method.MakeGenericMethod(arguments);
        }

        var function = Delegate.CreateDelegate(delegateType, Value(), method);
        _objects[id] = function;
        foreach (var (holder, field, _) in _forward.Where(forward => forward.Function == id))
        {
            field.SetValue(holder, function);
        }

        _forward.RemoveAll(forward => forward.Function == id);
        return function;
    }

    private Array Array()
    {
        var type = TypeRef();
        var length = _in.ReadInt32();
        var element = type.GetElementType()!;
        var array = System.Array.CreateInstance(element, length);
        _objects.Add(array);
        if (element.IsPrimitive)
        {
            var bytes = _in.ReadBytes(Buffer.ByteLength(array));
            Buffer.BlockCopy(bytes, 0, array, 0, bytes.Length);
            return array;
        }

        for (var i = 0; i < length; i++)
        {
            array.SetValue(Value(), i);
        }

        return array;
    }

    private object HashCollection()
    {
        var type = TypeRef();
        var placeholder = _objects.Count;
        _objects.Add(null); // the comparer is read first; nothing in it refers to the collection
        var comparer = Value();
        var comparerType = typeof(IEqualityComparer<>).MakeGenericType(type.GetGenericArguments()[0]);
        var collection = type.GetConstructor([comparerType])!.Invoke([comparer]);
        _objects[placeholder] = collection;
        var count = _in.ReadInt32();
        if (collection is IDictionary dictionary)
        {
            for (var i = 0; i < count; i += 2)
            {
                var key = Value()!;
                dictionary[key] = Value();
            }

            return collection;
        }

        var add = type.GetMethod("Add")!;
        for (var i = 0; i < count; i++)
        {
            add.Invoke(collection, [Value()]);
        }

        return collection;
    }

    private object Primitive(Type type)
    {
        object value = Type.GetTypeCode(type) switch
        {
            TypeCode.Boolean => _in.ReadBoolean(),
            TypeCode.Char => (char)_in.ReadUInt16(),
            TypeCode.SByte => _in.ReadSByte(),
            TypeCode.Byte => _in.ReadByte(),
            TypeCode.Int16 => _in.ReadInt16(),
            TypeCode.UInt16 => _in.ReadUInt16(),
            TypeCode.Int32 => _in.ReadInt32(),
            TypeCode.UInt32 => _in.ReadUInt32(),
            TypeCode.Int64 => _in.ReadInt64(),
            TypeCode.UInt64 => _in.ReadUInt64(),
            TypeCode.Single => _in.ReadSingle(),
            TypeCode.Double => _in.ReadDouble(),
            _ => throw new TaskFormatException($"{type} is not a primitive the task format writes."),
        };
        return type.IsEnum ? Enum.ToObject(type, value) : value;
    }

    private Type TypeRef()
    {
        var number = _in.ReadInt32();
        if (number < _types.Count)
        {
            return _types[number];
        }

        var name = _in.ReadString();
        var version = new Guid(_in.ReadBytes(16));
        var type = Type.GetType(name, throwOnError: false)
            ?? throw new TaskFormatException($"The task uses type {name}, which this process cannot load: run the executor from the same application build.");
        if (type.Assembly.ManifestModule.ModuleVersionId != version)
        {
            throw new TaskFormatException(
                $"The task was written by another build of {type.Assembly.GetName().Name} (module version {version}, this process has {type.Assembly.ManifestModule.ModuleVersionId}): run the driver and the executors from the same build.");
        }

        _types.Add(type);
        return type;
    }

    /// <summary>A reference to a function whose target is still being read.</summary>
    private sealed record ForwardReference(int Id);
}
