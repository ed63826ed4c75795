using MeetingBot.Meetings.Tokens;
using MeetingBot.State.SignInLocks;

namespace MeetingBot.Tests.State.Contracts;

/// <summary>
/// What every <see cref="ISignInLock"/> must do, each rule written once: a free lock is taken at once and again once
/// released, one user's lock never holds up another's, and what a second holder of a held lock gets is what the lock
/// promises (<see cref="KeepsASecondHolderOut"/>). Steps land on <see cref="Replica.A"/> or <see cref="Replica.B"/>.
/// Runs against <see cref="NoSignInLock"/> (<see cref="NoSignInLockContractTests"/>) and <see cref="RedisSignInLock"/>
/// (<see cref="RedisSignInLockTests"/>, with two replicas signing a user in once).
/// </summary>
public abstract class SignInLockContract
{
    /// <summary>The lock on <paramref name="replica"/>.</summary>
    protected abstract Task<ISignInLock> LockAsync(Replica replica);

    /// <summary>
    /// Whether a second holder of a held lock is kept out until the first releases it (waiting at most its timeout, then
    /// <see cref="TimeoutException"/>). The Redis lock does, on every replica: that is what it is for.
    /// <see cref="NoSignInLock"/> lets it in at once, by design: in one process <see cref="AccessTokenProvider"/>'s single
    /// flight already runs one sign-in per user at a time, so the lock has no one to keep out.
    /// </summary>
    protected abstract bool KeepsASecondHolderOut { get; }

    [Fact]
    public async Task A_free_lock_is_taken_at_once_and_again_once_released()
    {
        var (a, b) = (await LockAsync(Replica.A), await LockAsync(Replica.B));

        await (await a.AcquireAsync("user-1", TimeSpan.Zero, CancellationToken.None)).DisposeAsync();
        await (await a.AcquireAsync("user-1", TimeSpan.Zero, CancellationToken.None)).DisposeAsync();
        await (await b.AcquireAsync("user-1", TimeSpan.Zero, CancellationToken.None)).DisposeAsync();
    }

    [Fact]
    public async Task Holding_one_users_lock_never_holds_up_another_users()
    {
        var (a, b) = (await LockAsync(Replica.A), await LockAsync(Replica.B));
        var first = await a.AcquireAsync("user-1", TimeSpan.FromSeconds(5), CancellationToken.None);

        await (await a.AcquireAsync("user-2", TimeSpan.Zero, CancellationToken.None)).DisposeAsync();
        await (await b.AcquireAsync("user-3", TimeSpan.Zero, CancellationToken.None)).DisposeAsync();

        await first.DisposeAsync();
    }

    [Fact]
    public async Task A_second_holder_of_a_held_lock_gets_what_the_lock_promises_and_the_lock_once_it_is_released()
    {
        var (a, b) = (await LockAsync(Replica.A), await LockAsync(Replica.B));
        var first = await a.AcquireAsync("user-1", TimeSpan.FromSeconds(5), CancellationToken.None);

        if (KeepsASecondHolderOut)
        {
            foreach (var other in new[] { a, b })
            {
                await Assert.ThrowsAsync<TimeoutException>(() => other.AcquireAsync("user-1", TimeSpan.Zero, CancellationToken.None).AsTask());
            }

            var waiting = b.AcquireAsync("user-1", TimeSpan.FromSeconds(30), CancellationToken.None).AsTask();
            Assert.False(waiting.IsCompleted);
            await first.DisposeAsync();
            await (await waiting.WaitAsync(TimeSpan.FromSeconds(30))).DisposeAsync();
        }
        else
        {
            await (await b.AcquireAsync("user-1", TimeSpan.Zero, CancellationToken.None)).DisposeAsync();
            await first.DisposeAsync();
        }

        await (await a.AcquireAsync("user-1", TimeSpan.Zero, CancellationToken.None)).DisposeAsync();
    }
}

/// <summary>The contract on <see cref="NoSignInLock"/>: one process, so A and B are the same (absent) lock.</summary>
public sealed class NoSignInLockContractTests : SignInLockContract
{
    private readonly NoSignInLock _lock = new();

    protected override bool KeepsASecondHolderOut => false;

    protected override Task<ISignInLock> LockAsync(Replica replica) => Task.FromResult<ISignInLock>(_lock);
}
