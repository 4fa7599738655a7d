using System.Text.Json;
using Coroutines;
using static Coroutines.Co;

namespace Flags;

public enum Outcome
{
    Ok,
    NotFound,
    Error,
}

public sealed record Totals(int Ok, int NotFound, int Errors);

/// <summary>The client: each code is one coroutine task; a semaphore bounds how many talk to the server at once.</summary>
public sealed partial class Downloader
{
    private readonly HttpClient _http;
    private readonly string _baseUrl;
    private readonly string _outputDirectory;
    private readonly ProgressDisplay _progress;

    public Downloader(HttpClient http, string baseUrl, string outputDirectory, ProgressDisplay progress)
    {
        _http = http;
        _baseUrl = baseUrl;
        _outputDirectory = outputDirectory;
        _progress = progress;
    }

    [Coroutine]
    public IEnumerable<Yield<Totals>> DownloadMany(string[] codes, int concurrency)
    {
        var semaphore = new AsyncSemaphore(concurrency);
        var tasks = new List<CoroutineTask<Outcome>>();
        foreach (string cc in codes)
        {
            tasks.Add(CreateTask(DownloadOneAsync(cc, semaphore)));
        }

        int ok = 0, notFound = 0, errors = 0;
        foreach (Future<Outcome> next in AsCompleted(tasks))
        {
            yield return Settle(next);
            Outcome outcome = next.Exception is null ? next.Result : Outcome.Error;
            switch (outcome)
            {
                case Outcome.Ok:
                    ok++;
                    break;
                case Outcome.NotFound:
                    notFound++;
                    break;
                default:
                    errors++;
                    break;
            }

            _progress.Report(ok, notFound, errors);
        }

        yield return Return(new Totals(ok, notFound, errors));
    }

    [Coroutine]
    private IEnumerable<Yield<Outcome>> DownloadOne(string cc, AsyncSemaphore semaphore)
    {
        yield return semaphore.Acquire();
        try
        {
            Future<HttpReply> flag = Get($"{_baseUrl}/{cc}/{cc.ToLowerInvariant()}.gif");
            yield return Settle(flag);
            if (flag.Exception is not null || flag.Result.Status >= 500)
            {
                yield return Return(Outcome.Error);
            }
            else if (flag.Result.Status == 404)
            {
                yield return Return(Outcome.NotFound);
            }
            else
            {
                Future<HttpReply> metadata = Get($"{_baseUrl}/{cc}/metadata.json");
                yield return Settle(metadata);
                string country = metadata.Exception is null && metadata.Result.Status == 200
                    ? JsonDocument.Parse(metadata.Result.Body).RootElement.GetProperty("country").GetString() ?? cc
                    : cc;

                // Writing files blocks: do it off the loop thread.
                byte[] image = flag.Result.Body;
                string directory = _outputDirectory;
                yield return RunInExecutor(() =>
                {
                    File.WriteAllBytes(Path.Combine(directory, $"{cc.ToLowerInvariant()}.gif"), image);
                    File.WriteAllText(Path.Combine(directory, $"{cc.ToLowerInvariant()}.txt"), country);
                });
                yield return Return(Outcome.Ok);
            }
        }
        finally
        {
            semaphore.Release();
        }
    }

    /// <summary>An HTTP GET as a loop future: the request runs on HttpClient, its completion comes back on the loop.</summary>
    private Future<HttpReply> Get(string url) => Await(GetAsync(url));

    private async Task<HttpReply> GetAsync(string url)
    {
        using HttpResponseMessage response = await _http.GetAsync(url).ConfigureAwait(false);
        byte[] body = await response.Content.ReadAsByteArrayAsync().ConfigureAwait(false);
        return new HttpReply((int)response.StatusCode, body);
    }
}

public sealed record HttpReply(int Status, byte[] Body);
