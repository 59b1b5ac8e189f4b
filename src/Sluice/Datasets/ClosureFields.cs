using System.Collections.Concurrent;
using System.Reflection;
using System.Reflection.Emit;
using System.Runtime.CompilerServices;

namespace Sluice.Datasets;

/// <summary>
/// The fields of compiler-made closures that a function's body actually reads. C# puts every variable a scope's
/// lambdas capture into one closure object, so a lambda shares fields it never uses (the context a driver-side lambda
/// of the same method captured): only what the body reads travels with it, as Spark's ClosureCleaner drops unused
/// outer references.
/// </summary>
internal static class ClosureFields
{
    private static readonly ConcurrentDictionary<MethodInfo, HashSet<FieldInfo>> s_used = new();
    private static readonly Dictionary<short, OpCode> s_opCodes = typeof(OpCodes).GetFields(BindingFlags.Public | BindingFlags.Static)
        .Select(field => (OpCode)field.GetValue(null)!)
        .ToDictionary(code => code.Value);

    /// <summary>Whether <paramref name="type"/> is a closure or state machine the compiler made.</summary>
    public static bool IsCompilerMade(Type type) => type.IsDefined(typeof(CompilerGeneratedAttribute), inherit: false);

    /// <summary>The fields <paramref name="method"/> loads (or takes the address of), by IL.</summary>
    public static HashSet<FieldInfo> ReadBy(MethodInfo method) => s_used.GetOrAdd(method, Scan);

    private static HashSet<FieldInfo> Scan(MethodInfo method)
    {
        var fields = new HashSet<FieldInfo>();
        if (method.GetMethodBody()?.GetILAsByteArray() is not { } il)
        {
            return fields;
        }

        var generic = method.DeclaringType?.IsGenericType == true ? method.DeclaringType.GetGenericArguments() : null;
        var methodGeneric = method.IsGenericMethod ? method.GetGenericArguments() : null;
        for (var offset = 0; offset < il.Length;)
        {
            short value = il[offset] == 0xFE && offset + 1 < il.Length ? (short)(0xFE00 | il[offset + 1]) : il[offset];
            if (!s_opCodes.TryGetValue(value, out var code))
            {
                break; // not IL this reader knows: keep what was found
            }

            offset += code.Size;
            if ((code == OpCodes.Ldfld || code == OpCodes.Ldflda) && offset + 4 <= il.Length)
            {
                try
                {
                    fields.Add(method.Module.ResolveField(BitConverter.ToInt32(il, offset), generic, methodGeneric)!);
                }
                catch (ArgumentException)
                {
                    // A token this context cannot resolve: the field is left out, as any other unknown.
                }
            }

            offset += OperandSize(code, il, offset);
        }

        return fields;
    }

    private static int OperandSize(OpCode code, byte[] il, int offset) => code.OperandType switch
    {
        OperandType.InlineNone => 0,
        OperandType.ShortInlineBrTarget or OperandType.ShortInlineI or OperandType.ShortInlineVar => 1,
        OperandType.InlineVar => 2,
        OperandType.InlineI8 or OperandType.InlineR => 8,
        OperandType.InlineSwitch => 4 + (4 * BitConverter.ToInt32(il, offset)),
        _ => 4,
    };
}
