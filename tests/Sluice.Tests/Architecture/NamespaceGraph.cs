using Mono.Cecil;
using Mono.Cecil.Cil;

namespace Sluice.Tests.Architecture;

/// <summary>
/// Which namespaces of one assembly use which others, read from its metadata: signatures, base types,
/// attributes and every type or member a method body names, each use kept with the type that makes it so a
/// failure can say where a dependency comes from.
/// </summary>
internal sealed class NamespaceGraph
{
    private readonly HashSet<TypeUse> _uses = [];

    private NamespaceGraph() { }

    /// <summary>Every use of a type of another namespace of the same assembly.</summary>
    public IReadOnlyCollection<TypeUse> Uses => _uses;

    public static NamespaceGraph Of(string assemblyPath)
    {
        var graph = new NamespaceGraph();
        using var module = ModuleDefinition.ReadModule(assemblyPath);
        // Types outside any namespace are the compiler's own (<Module>, <PrivateImplementationDetails>).
        foreach (var type in module.GetTypes().Where(t => NamespaceOf(t).Length > 0))
            graph.Visit(type, module.Assembly.Name.Name);
        return graph;
    }

    private void Visit(TypeDefinition type, string assembly)
    {
        var from = NamespaceOf(type);
        var where = type.FullName;
        void Use(TypeReference? used) => Add(from, used, assembly, where);

        Use(type.BaseType);
        foreach (var item in type.Interfaces) Use(item.InterfaceType);
        foreach (var attribute in type.CustomAttributes) Use(attribute.AttributeType);
        foreach (var field in type.Fields) Use(field.FieldType);
        foreach (var property in type.Properties) Use(property.PropertyType);
        foreach (var method in type.Methods)
        {
            Use(method.ReturnType);
            foreach (var parameter in method.Parameters) Use(parameter.ParameterType);
            if (!method.HasBody) continue;
            foreach (var variable in method.Body.Variables) Use(variable.VariableType);
            foreach (var instruction in method.Body.Instructions)
                UseOperand(instruction, Use);
        }
    }

    private static void UseOperand(Instruction instruction, Action<TypeReference?> use)
    {
        switch (instruction.Operand)
        {
            case TypeReference type:
                use(type);
                break;
            case MethodReference method:
                use(method.DeclaringType);
                use(method.ReturnType);
                foreach (var parameter in method.Parameters) use(parameter.ParameterType);
                if (method is GenericInstanceMethod generic)
                    foreach (var argument in generic.GenericArguments) use(argument);
                break;
            case FieldReference field:
                use(field.DeclaringType);
                use(field.FieldType);
                break;
        }
    }

    private void Add(string from, TypeReference? used, string assembly, string where)
    {
        switch (used)
        {
            case null or GenericParameter:
                return;
            case GenericInstanceType generic:
                Add(from, generic.ElementType, assembly, where);
                foreach (var argument in generic.GenericArguments) Add(from, argument, assembly, where);
                return;
            case TypeSpecification specification:
                Add(from, specification.ElementType, assembly, where);
                return;
        }
        if (ScopeAssembly(used) != assembly) return;
        var to = NamespaceOf(used);
        if (to.Length > 0 && to != from)
            _uses.Add(new TypeUse(from, where, to, Outermost(used).FullName));
    }

    private static string ScopeAssembly(TypeReference type) => type.Scope switch
    {
        ModuleDefinition module => module.Assembly.Name.Name,
        AssemblyNameReference name => name.Name,
        _ => "",
    };

    private static string NamespaceOf(TypeReference type) => Outermost(type).Namespace;

    private static TypeReference Outermost(TypeReference type)
    {
        while (type.DeclaringType is not null) type = type.DeclaringType;
        return type;
    }
}
