using static Coroutines.Co;

namespace Coroutines.Runtime.Tests.Loop;

public class InboxTests
{
    [Fact]
    public void A_million_posts_from_four_threads_each_run_exactly_once_in_per_thread_order()
    {
        const int Threads = 4;
        const int PerThread = 250_000;
        var loop = new EventLoop();
        var next = new int[Threads];
        int outOfOrder = 0;
        int total = 0;
        var producers = new Thread[Threads];
        for (int t = 0; t < Threads; t++)
        {
            int thread = t;
            producers[t] = new Thread(() =>
            {
                for (int i = 0; i < PerThread; i++)
                {
                    int n = i;
                    loop.CallSoonThreadsafe(() =>
                    {
                        if (next[thread] != n)
                        {
                            outOfOrder++;
                        }

                        next[thread] = n + 1;
                        if (++total == Threads * PerThread)
                        {
                            loop.Stop();
                        }
                    });
                }
            });
        }

        loop.CallSoon(() =>
        {
            foreach (Thread producer in producers)
            {
                producer.Start();
            }
        });
        loop.RunForever();
        foreach (Thread producer in producers)
        {
            producer.Join();
        }

        Assert.Equal(0, outOfOrder);
        Assert.Equal(Threads * PerThread, total);
        Assert.All(next, n => Assert.Equal(PerThread, n));
        loop.Close();
    }

    [Fact]
    public void A_post_from_another_thread_wakes_a_loop_that_waits_for_a_distant_timer()
    {
        var loop = new EventLoop();
        bool timerRan = false;
        loop.CallLater(60, () => timerRan = true);
        loop.CallSoon(() => new Thread(() => loop.CallSoonThreadsafe(loop.Stop)).Start());
        loop.RunForever();
        Assert.False(timerRan);
        Assert.True(loop.Time() < 60, "the loop should have woken on the post, not on the 60 s timer");
        loop.Close();
    }
}
