// Spark's NetworkWordCount inside an ASP.NET Core application: the streaming context comes from the "Sluice" section
// of appsettings.json, the source's address from "WordCount", and the web UI and its REST API are served by the
// application's own server, next to its own endpoints. Stopping the application stops the context gracefully.
// Run: `nc -lk 9999` in one terminal, then: dotnet run --project examples/WebWordCount, and open http://localhost:5000/
using Sluice.Hosting;
using Sluice.Streams;
using Sluice.Web;

var builder = WebApplication.CreateBuilder(args);
var host = builder.Configuration["WordCount:Host"] ?? "localhost";
var port = builder.Configuration.GetValue("WordCount:Port", 9999);
builder.Services.AddSluiceStreaming((ssc, _) =>
    ssc.SocketTextStream(host, port)
        .FlatMap(line => line.Split(' '))
        .Filter(word => word.Length > 0)
        .Map(word => (word, 1))
        .ReduceByKey((a, b) => a + b)
        .Print());

var app = builder.Build();
app.MapGet("/healthz", () => "ok");
app.MapSluiceUi();
app.Run();
