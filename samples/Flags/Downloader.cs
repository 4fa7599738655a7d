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
    private readonly string _baseUrl;
    private readonly string _outputDirectory;
    private readonly ProgressDisplay _progress;

    public Downloader(string baseUrl, string outputDirectory, ProgressDisplay progress)
    {
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
            var outcome = next.Exception is null ? next.Result : Outcome.Error;
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
            var flag = Get($"{_baseUrl}/{cc}/{cc.ToLowerInvariant()}.gif");
            yield return Settle(flag);
            if (flag.Exception is not null || flag.Result.StatusCode >= 500)
            {
                yield return Return(Outcome.Error);
            }
            else if (flag.Result.StatusCode == 404)
            {
                yield return Return(Outcome.NotFound);
            }
            else
            {
                var metadata = Get($"{_baseUrl}/{cc}/metadata.json");
                yield return Settle(metadata);
                string country = metadata.Exception is null && metadata.Result.StatusCode == 200
                    ? JsonDocument.Parse(metadata.Result.Body).RootElement.GetProperty("country").GetString() ?? cc
                    : cc;

                // Writing files blocks: do it off the loop thread.
                byte[] image = flag.Result.Body;
                string directory = _outputDirectory;
                var saving = RunInExecutor(() =>
                {
                    File.WriteAllBytes(Path.Combine(directory, $"{cc.ToLowerInvariant()}.gif"), image);
                    File.WriteAllText(Path.Combine(directory, $"{cc.ToLowerInvariant()}.txt"), country);
                });
                yield return saving;
                yield return Return(Outcome.Ok);
            }
        }
        finally
        {
            semaphore.Release();
        }
    }

    /// <summary>An HTTP GET as a loop future, with a timeout; cancelling the waiting task cancels the request.</summary>
    private static Future<HttpResult> Get(string url) => Http.Get(url, timeoutSeconds: 10);
}
