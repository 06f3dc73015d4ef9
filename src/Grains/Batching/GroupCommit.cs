namespace OrleansSessions.Grains.Batching;

/// <summary>
/// Sends items in batches, one batch at a time: what is added while a batch is on its way waits for the next one,
/// which takes everything added meanwhile (up to <c>maxItemsPerSend</c>, whole additions only, at least one). With no
/// batch on its way, an item leaves at once; under load, many callers share one send (as a database's group commit
/// shares one log flush). Each caller's task completes with the result of the send that carried its items, or fails
/// with it: a failed send fails only its own callers. Every send starts after each of its items was added.
/// <para>Sends run on the thread pool, never on the caller's scheduler (a grain's turn), so a grain awaiting its
/// batch holds no other grain back.</para>
/// </summary>
internal sealed class GroupCommit<TItem, TResult>(Func<IReadOnlyList<TItem>, Task<TResult>> send, int maxItemsPerSend = int.MaxValue)
{
    private readonly Lock _gate = new();
    private readonly Queue<(IReadOnlyList<TItem> Items, TaskCompletionSource<TResult> Done)> _waiting = new();
    private bool _sending;

    /// <summary>Adds <paramref name="items"/> to the next batch; completes once that batch was sent.</summary>
    public Task<TResult> AddAsync(IReadOnlyList<TItem> items)
    {
        var done = new TaskCompletionSource<TResult>(TaskCreationOptions.RunContinuationsAsynchronously);
        lock (_gate)
        {
            _waiting.Enqueue((items, done));
            if (!_sending)
            {
                _sending = true;
                _ = Task.Run(SendAllAsync);
            }
        }

        return done.Task;
    }

    private async Task SendAllAsync()
    {
        while (true)
        {
            var batch = new List<TItem>();
            var callers = new List<TaskCompletionSource<TResult>>();
            lock (_gate)
            {
                while (_waiting.TryPeek(out var next) && (callers.Count == 0 || batch.Count + next.Items.Count <= maxItemsPerSend))
                {
                    _waiting.Dequeue();
                    batch.AddRange(next.Items);
                    callers.Add(next.Done);
                }

                if (callers.Count == 0)
                {
                    _sending = false;
                    return;
                }
            }

            try
            {
                var result = await send(batch);
                callers.ForEach(c => c.SetResult(result));
            }
            catch (Exception ex)
            {
                callers.ForEach(c => c.SetException(ex));
            }
        }
    }
}
