using System.CommandLine;
using Sluice.Streams;

namespace Sluice.Cli;

/// <summary>What a command other than the word count does with the lines of its source (train a model and print it), in place of counting words.</summary>
/// <param name="parsed">The command's arguments.</param>
/// <param name="lines">The source's lines.</param>
/// <param name="output">Where results go.</param>
/// <param name="json">Whether <c>--json</c> asks for a JSON line per batch.</param>
/// <param name="dashboard">Whether the web UI runs, to show results on its dashboard.</param>
internal delegate void LinesOutput(ParseResult parsed, DStream<string> lines, TextWriter output, bool json, bool dashboard);
