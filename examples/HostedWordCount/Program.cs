// Spark's NetworkWordCount as a .NET worker service: the streaming context comes from the "Sluice" section of
// appsettings.json (or Sluice__BatchInterval and the like in the environment), the source's address from "WordCount".
// SIGTERM or Ctrl+C stops the host, and with it the context, gracefully; the process then exits with 0.
// Run: `nc -lk 9999` in one terminal, then: dotnet run --project examples/HostedWordCount
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Hosting;
using Sluice.Hosting;
using Sluice.Streams;

var builder = Host.CreateApplicationBuilder(new HostApplicationBuilderSettings { Args = args, ContentRootPath = AppContext.BaseDirectory });
var host = builder.Configuration["WordCount:Host"] ?? "localhost";
var port = builder.Configuration.GetValue("WordCount:Port", 9999);
builder.Services.AddSluiceStreaming((ssc, _) =>
    ssc.SocketTextStream(host, port)
        .FlatMap(line => line.Split(' '))
        .Filter(word => word.Length > 0)
        .Map(word => (word, 1))
        .ReduceByKey((a, b) => a + b)
        .Print());
builder.Build().Run();
