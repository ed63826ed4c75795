namespace MeetingBot.Meetings.Activation;

/// <summary>
/// One stage behind <see cref="ActivationEntry"/>: it receives input already validated and runs within the
/// activation's one deadline (its <see cref="CancellationToken"/>).
/// </summary>
public interface IActivationStage
{
    Task<ActivationResult> ActivateAsync(ActivationRequest request, CancellationToken cancellationToken);

    Task SignOutAsync(ChatUser user, CancellationToken cancellationToken);
}
