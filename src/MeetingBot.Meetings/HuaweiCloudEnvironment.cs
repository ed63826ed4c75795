using Microsoft.Extensions.Options;

namespace MeetingBot.Meetings;

/// <summary>The real Huawei Cloud Meeting (<c>HuaweiMeeting:BaseUrl</c>), ready once the configuration is valid.</summary>
public sealed class HuaweiCloudEnvironment(IOptions<HuaweiMeetingOptions> options) : IActivationEnvironment
{
    public bool IsSandbox => false;

    public Uri BaseUrl => options.Value.BaseUrl;

    public bool IsReady
    {
        get
        {
            try
            {
                return options.Value is not null;
            }
            catch (OptionsValidationException)
            {
                return false;
            }
        }
    }
}
