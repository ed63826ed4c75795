using MeetingBot.Meetings.Activation;
using MeetingBot.Meetings.Protection;
using Microsoft.Extensions.Options;
using Microsoft.Extensions.Time.Testing;
using Moq;

namespace MeetingBot.Meetings.Tests.Protection;

/// <summary>
/// The protection stage itself. The guard's rules (lockout, attempts per minute, one activation at a time) are the
/// activation guard contract's, run against the in-process and the Redis guard: tests/MeetingBot.Tests/State/Contracts.
/// </summary>
public sealed class ProtectionStageTests
{
    private static readonly ChatUser Alice = new("msteams", "tenant-1", "29:alice");

    [Fact]
    public async Task Sign_out_is_passed_through()
    {
        var inner = new Mock<IMeetingActivationService>();
        var time = new FakeTimeProvider();
        var service = new DeadlineStage(
            new ProtectionStage(inner.Object, Mock.Of<IActivationGuard>(), time),
            Options.Create(new HuaweiMeetingOptions()),
            time);

        await service.SignOutAsync(Alice, CancellationToken.None);

        inner.Verify(s => s.SignOutAsync(Alice, It.IsAny<CancellationToken>()), Times.Once);
    }
}
