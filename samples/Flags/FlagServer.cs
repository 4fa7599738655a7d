using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;

namespace Flags;

/// <summary>
/// A real HTTP server on 127.0.0.1 serving generated flag images and a metadata JSON per country code, with
/// configurable latency, some codes missing (404) and some failing (500) — so the client meets what the network does.
/// </summary>
public sealed class FlagServer : IAsyncDisposable
{
    private readonly WebApplication _app;

    private FlagServer(WebApplication app, string baseUrl)
    {
        _app = app;
        BaseUrl = baseUrl;
    }

    public string BaseUrl { get; }

    public static async Task<FlagServer> StartAsync(FlagServerOptions options)
    {
        WebApplicationBuilder builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        WebApplication app = builder.Build();
        var random = new Random(options.Seed);
        var gate = new object();

        int Delay()
        {
            lock (gate)
            {
                return random.Next(0, options.MaxLatencyMilliseconds + 1);
            }
        }

        app.MapGet("/flags/{cc}/{file}", async (string cc, string file) =>
        {
            await Task.Delay(Delay());
            var (status, body, contentType) = FlagCatalog.Respond(options, cc, file);
            return status == 200 ? Results.Bytes(body, contentType) : Results.StatusCode(status);
        });

        await app.StartAsync();
        string address = app.Urls.First();
        return new FlagServer(app, address.TrimEnd('/') + "/flags");
    }

    public async ValueTask DisposeAsync()
    {
        await _app.StopAsync();
        await _app.DisposeAsync();
    }
}

/// <summary>How the server misbehaves.</summary>
public sealed record FlagServerOptions(int MaxLatencyMilliseconds, IReadOnlySet<string> Missing, IReadOnlySet<string> Failing, int Seed);
