namespace Flags;

/// <summary>A live progress bar on a terminal; plain lines (every 10%) when output is redirected.</summary>
public sealed class ProgressDisplay
{
    private const int BarWidth = 30;
    private readonly int _total;
    private readonly bool _interactive;
    private int _lastDecile = -1;

    public ProgressDisplay(int total, bool interactive)
    {
        _total = total;
        _interactive = interactive;
    }

    public void Report(int ok, int notFound, int errors)
    {
        int done = ok + notFound + errors;
        string counts = $"{done}/{_total}  ok={ok} 404={notFound} err={errors}";
        if (_interactive)
        {
            int filled = _total == 0 ? BarWidth : done * BarWidth / _total;
            Console.Write($"\r[{new string('#', filled)}{new string('.', BarWidth - filled)}] {counts}");
            return;
        }

        int decile = _total == 0 ? 10 : done * 10 / _total;
        if (decile != _lastDecile)
        {
            _lastDecile = decile;
            Console.WriteLine(counts);
        }
    }

    public void Finish()
    {
        if (_interactive)
        {
            Console.WriteLine();
        }
    }
}
