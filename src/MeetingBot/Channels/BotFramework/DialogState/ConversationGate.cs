namespace MeetingBot.Channels.BotFramework.DialogState;

/// <summary>
/// Lets one turn at a time per conversation read, decide on and save the dialog state, so that simultaneous clicks on
/// the same form see each other (one activates, the others find the form used). Held only around that short section,
/// never while Huawei is called. In one process only: across replicas the ETags of <see cref="BotStateMemory"/>'s save
/// do it, and this gate keeps a replica's own turns from meeting each other there.
/// </summary>
public sealed class ConversationGate
{
    private readonly Dictionary<string, Gate> gates = new(StringComparer.Ordinal);

    public async Task<IDisposable> EnterAsync(string conversationKey, CancellationToken cancellationToken)
    {
        Gate gate;
        lock (gates)
        {
            if (!gates.TryGetValue(conversationKey, out gate!))
            {
                gate = new Gate();
                gates.Add(conversationKey, gate);
            }

            gate.Users++;
        }

        try
        {
            await gate.Semaphore.WaitAsync(cancellationToken);
        }
        catch
        {
            Leave(conversationKey, gate, held: false);
            throw;
        }

        return new Pass(() => Leave(conversationKey, gate, held: true));
    }

    private void Leave(string conversationKey, Gate gate, bool held)
    {
        if (held)
        {
            gate.Semaphore.Release();
        }

        lock (gates)
        {
            if (--gate.Users == 0)
            {
                gates.Remove(conversationKey);
                gate.Semaphore.Dispose();
            }
        }
    }

    private sealed class Gate
    {
        public SemaphoreSlim Semaphore { get; } = new(1, 1);

        public int Users { get; set; }
    }

    private sealed class Pass(Action leave) : IDisposable
    {
        private Action? leave = leave;

        public void Dispose() => Interlocked.Exchange(ref leave, null)?.Invoke();
    }
}
