using Sluice.Social;

namespace Sluice.HttpStreams.Tests;

/// <summary>Hashtags in text as X and Mastodon find them: after a non-word character, letters, digits and underscores, not digits alone.</summary>
public sealed class HashtagsTests
{
    [Theory]
    [InlineData("#dotnet and #Spark_Streaming.", new[] { "dotnet", "Spark_Streaming" })]
    [InlineData("(#a) #b,#c", new[] { "a", "b", "c" })]
    [InlineData("#1 #2026 #v2 #日本語 ＃全角", new[] { "v2", "日本語", "全角" })]
    [InlineData("mail#tag a&#35;b C# #", new string[0])]
    public void FindsTheHashtags_AsWritten_InOrder(string text, string[] expected) => Assert.Equal(expected, Hashtags.In(text));
}
