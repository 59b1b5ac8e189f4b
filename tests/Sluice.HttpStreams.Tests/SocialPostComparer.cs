using Sluice.Social;

namespace Sluice.HttpStreams.Tests;

/// <summary>Posts equal field by field, their hashtags by sequence (a record compares its list by reference).</summary>
public sealed class SocialPostComparer : IEqualityComparer<SocialPost>
{
    public bool Equals(SocialPost? x, SocialPost? y)
        => x is not null && y is not null
            && (x.Network, x.Id, x.Text, x.Author, x.CreatedAt, x.Language) == (y.Network, y.Id, y.Text, y.Author, y.CreatedAt, y.Language)
            && x.Hashtags.SequenceEqual(y.Hashtags);

    public int GetHashCode(SocialPost obj) => obj.Id.GetHashCode(StringComparison.Ordinal);
}
