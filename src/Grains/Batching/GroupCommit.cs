namespace OrleansSessions.Grains.Batching;

/// <summary>
/// Sends items in batches, one batch at a time: what is added while a batch is on its way waits for the next one,
/// which takes everything added meanwhile. With no batch on its way, an item leaves at once; under load, many callers
/// share one send (as a database's group commit shares one log flush). Each caller's task completes with the result of
/// the send that carried its items, and every send starts after each of its items was added.
/// <para>Sends run on the thread pool, never on the caller's scheduler (a grain's turn), so a grain awaiting its
/// batch holds no other grain back.</para>
/// </summary>
internal sealed class GroupCommit<TItem, TResult>(Func<IReadOnlyList<TItem>, Task<TResult>> send)
{
    private readonly Lock _gate = new();
    private List<TItem> _waiting = [];
    private TaskCompletionSource<TResult>? _next;
    private bool _sending;

    /// <summary>Adds <paramref name="items"/> to the next batch; completes once that batch was sent.</summary>
    public Task<TResult> AddAsync(IReadOnlyList<TItem> items)
    {
        lock (_gate)
        {
            _waiting.AddRange(items);
            var next = _next ??= new TaskCompletionSource<TResult>(TaskCreationOptions.RunContinuationsAsynchronously);
            if (!_sending)
            {
                _sending = true;
                _ = Task.Run(SendAllAsync);
            }

            return next.Task;
        }
    }

    private async Task SendAllAsync()
    {
        while (true)
        {
            List<TItem> batch;
            TaskCompletionSource<TResult> done;
            lock (_gate)
            {
                if (_next is null)
                {
                    _sending = false;
                    return;
                }

                (batch, done) = (_waiting, _next);
                (_waiting, _next) = ([], null);
            }

            try
            {
                done.SetResult(await send(batch));
            }
            catch (Exception ex)
            {
                done.SetException(ex);
            }
        }
    }
}
