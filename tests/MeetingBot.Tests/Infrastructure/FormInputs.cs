using MeetingBot.Cards;

namespace MeetingBot.Tests.Infrastructure;

/// <summary>What a user types into the activation form, keyed by the card's input ids.</summary>
internal static class FormInputs
{
    public static Dictionary<string, string> Of(string meetingId, string password) =>
        new() { [CardInputs.MeetingId] = meetingId, [CardInputs.Password] = password };
}
