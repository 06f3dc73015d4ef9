using OrleansSessions.Grains.Batching;

namespace OrleansSessions.UnitTests;

/// <summary>How sends are shared (revocation pushes, event appends): one batch on its way at a time, the next takes everything added meanwhile.</summary>
public sealed class GroupCommitTests
{
    /// <summary>A send the test completes by hand, recording what each batch carried.</summary>
    private sealed class HeldSends
    {
        public List<IReadOnlyList<string>> Batches { get; } = [];

        public List<TaskCompletionSource<int>> Pending { get; } = [];

        public Task<int> Send(IReadOnlyList<string> batch)
        {
            lock (Batches)
            {
                Batches.Add([.. batch]);
                var answer = new TaskCompletionSource<int>(TaskCreationOptions.RunContinuationsAsynchronously);
                Pending.Add(answer);
                return answer.Task;
            }
        }

        public async Task<TaskCompletionSource<int>> NextSendAsync(int count)
        {
            while (true)
            {
                lock (Batches)
                {
                    if (Pending.Count >= count)
                    {
                        return Pending[count - 1];
                    }
                }

                await Task.Yield();
            }
        }
    }

    [Fact]
    public async Task With_nothing_on_its_way_an_item_is_sent_at_once_alone()
    {
        var sends = new HeldSends();
        var commit = new GroupCommit<string, int>(sends.Send);

        var added = commit.AddAsync(["s1", "s2"]);
        (await sends.NextSendAsync(1)).SetResult(7);

        Assert.Equal(7, await added);
        Assert.Equal(["s1", "s2"], Assert.Single(sends.Batches));
    }

    [Fact]
    public async Task What_is_added_while_a_batch_is_on_its_way_goes_together_in_the_next_one()
    {
        var sends = new HeldSends();
        var commit = new GroupCommit<string, int>(sends.Send);

        var first = commit.AddAsync(["a"]);
        var firstSend = await sends.NextSendAsync(1);
        var waiting = Enumerable.Range(0, 50).Select(i => commit.AddAsync([$"b{i}"])).ToList();
        Assert.Single(sends.Batches); // nothing else leaves while the first batch is on its way
        Assert.All(waiting, t => Assert.False(t.IsCompleted));

        firstSend.SetResult(1);
        Assert.Equal(1, await first);
        (await sends.NextSendAsync(2)).SetResult(2);

        Assert.All(await Task.WhenAll(waiting), result => Assert.Equal(2, result));
        Assert.Equal(2, sends.Batches.Count);
        Assert.Equal(Enumerable.Range(0, 50).Select(i => $"b{i}"), sends.Batches[1]);
    }

    [Fact]
    public async Task A_failed_send_fails_only_its_own_callers_and_the_next_batch_still_goes()
    {
        var sends = new HeldSends();
        var commit = new GroupCommit<string, int>(sends.Send);

        var failing = commit.AddAsync(["a"]);
        var failingSend = await sends.NextSendAsync(1);
        var later = commit.AddAsync(["b"]);
        failingSend.SetException(new TimeoutException("no answer"));
        (await sends.NextSendAsync(2)).SetResult(5);

        await Assert.ThrowsAsync<TimeoutException>(() => failing);
        Assert.Equal(5, await later);

        // Idle again: the next item leaves at once.
        var again = commit.AddAsync(["c"]);
        (await sends.NextSendAsync(3)).SetResult(6);
        Assert.Equal(6, await again);
        Assert.Equal(["c"], sends.Batches[2]);
    }

    [Fact]
    public async Task A_send_takes_whole_additions_up_to_its_limit_and_one_bigger_addition_alone()
    {
        var sends = new HeldSends();
        var commit = new GroupCommit<string, int>(sends.Send, maxItemsPerSend: 4);

        var first = commit.AddAsync(["a"]);
        var firstSend = await sends.NextSendAsync(1);
        var pairs = Enumerable.Range(0, 3).Select(i => commit.AddAsync([$"p{i}a", $"p{i}b"])).ToList();
        var big = commit.AddAsync(["x1", "x2", "x3", "x4", "x5", "x6"]);
        firstSend.SetResult(1);

        // Two pairs fill the next send; the third pair cannot join them and goes next; the big addition goes alone.
        (await sends.NextSendAsync(2)).SetException(new TimeoutException("no answer"));
        (await sends.NextSendAsync(3)).SetResult(3);
        (await sends.NextSendAsync(4)).SetResult(4);

        Assert.Equal(1, await first);
        await Assert.ThrowsAsync<TimeoutException>(() => pairs[0]);
        await Assert.ThrowsAsync<TimeoutException>(() => pairs[1]);
        Assert.Equal(3, await pairs[2]);
        Assert.Equal(4, await big);
        Assert.Equal([["a"], ["p0a", "p0b", "p1a", "p1b"], ["p2a", "p2b"], ["x1", "x2", "x3", "x4", "x5", "x6"]], sends.Batches);
    }
}
