using System.Collections;
using System.Globalization;
using System.Runtime.CompilerServices;
using System.Text;

namespace Sluice.Datasets;

/// <summary>
/// Renders records as Spark prints them: tuples as <c>(a,b)</c> with no spaces, numbers in the invariant culture,
/// booleans in lower case, and collections as <c>[a, b]</c>. Used by Print and the text outputs.
/// </summary>
internal static class RecordFormatter
{
    public static string Format<T>(T record)
    {
        switch (record)
        {
            case string text:
                return text;
            case null:
                return "null";
        }

        var builder = new StringBuilder();
        Append(builder, record);
        return builder.ToString();
    }

    private static void Append(StringBuilder builder, object? value)
    {
        switch (value)
        {
            case null:
                builder.Append("null");
                break;
            case string text:
                builder.Append(text);
                break;
            case bool flag:
                builder.Append(flag ? "true" : "false");
                break;
            case ITuple tuple:
                builder.Append('(');
                for (var i = 0; i < tuple.Length; i++)
                {
                    if (i > 0)
                    {
                        builder.Append(',');
                    }

                    Append(builder, tuple[i]);
                }

                builder.Append(')');
                break;
            case IFormattable formattable:
                builder.Append(formattable.ToString(null, CultureInfo.InvariantCulture));
                break;
            case IEnumerable items:
                builder.Append('[');
                var first = true;
                foreach (var item in items)
                {
                    if (!first)
                    {
                        builder.Append(", ");
                    }

                    Append(builder, item);
                    first = false;
                }

                builder.Append(']');
                break;
            default:
                builder.Append(value);
                break;
        }
    }
}
