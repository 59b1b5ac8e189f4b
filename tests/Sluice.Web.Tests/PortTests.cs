using System.Net;
using System.Net.Sockets;
using Sluice.Testing;

namespace Sluice.Web.Tests;

/// <summary>The UI takes the first free port from the one asked for, as Spark's UI does from 4040.</summary>
public sealed class PortTests
{
    [Fact]
    public void ATakenPort_IsSkipped_ForTheNextFreeOne()
    {
        using var taken = new TcpListener(IPAddress.Loopback, 0);
        taken.Start();
        var port = ((IPEndPoint)taken.LocalEndpoint).Port;
        using var test = new StreamingTestContext();
        test.Input<int>([[1]]).Print();

        var ui = SluiceWebUi.Start(test.Context, new WebUiOptions { Port = port, PortAttempts = 16 });

        Assert.Equal("127.0.0.1", ui.Address.Host);
        Assert.InRange(ui.Address.Port, port + 1, port + 15);
    }

    [Fact]
    public void NoFreePort_IsAClearError()
    {
        using var taken = new TcpListener(IPAddress.Loopback, 0);
        taken.Start();
        var port = ((IPEndPoint)taken.LocalEndpoint).Port;
        using var test = new StreamingTestContext();

        var error = Assert.Throws<IOException>(() => SluiceWebUi.Start(test.Context, new WebUiOptions { Port = port, PortAttempts = 1 }));
        Assert.Contains($"The web UI found no free port among 127.0.0.1:{port}–{port}", error.Message, StringComparison.Ordinal);
    }
}
