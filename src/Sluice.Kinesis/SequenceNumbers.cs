using System.Globalization;
using System.Numerics;

namespace Sluice.Kinesis;

/// <summary>Kinesis sequence numbers are decimal numbers of up to 128 bits, as text: compared as numbers.</summary>
internal static class SequenceNumbers
{
    public static int Compare(string left, string right)
        => BigInteger.Parse(left, CultureInfo.InvariantCulture).CompareTo(BigInteger.Parse(right, CultureInfo.InvariantCulture));
}
