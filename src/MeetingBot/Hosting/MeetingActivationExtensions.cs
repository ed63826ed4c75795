namespace MeetingBot.Hosting;

public static class MeetingActivationExtensions
{
    /// <summary>Registers the activation service layer (and, in Development without credentials, the Huawei sandbox).</summary>
    public static WebApplicationBuilder AddMeetingActivation(this WebApplicationBuilder builder)
    {
        return builder;
    }
}
