namespace MeetingBot.Meetings;

/// <summary>The rules of <c>HuaweiMeeting:Mode</c> and <c>HuaweiMeeting:Enterprises</c>, each failure naming its key.</summary>
internal static class HuaweiEnterprisesValidation
{
    private const string Section = HuaweiMeetingOptions.SectionName;

    public static IEnumerable<string> Validate(HuaweiMeetingOptions options)
    {
        if (!Enum.IsDefined(options.Mode))
        {
            yield return $"{Section}:Mode must be SingleEnterprise or ServiceProvider.";
            yield break;
        }

        if (options.Mode == HuaweiMeetingMode.SingleEnterprise)
        {
            if (options.Enterprises.Count > 0)
            {
                // A mapping that is silently ignored would sign every tenant into one enterprise: refuse it instead.
                yield return $"{Section}:Enterprises is set but {Section}:Mode is SingleEnterprise; set {Section}:Mode to ServiceProvider or remove the list.";
            }

            yield break;
        }

        if (options.Enterprises.Count == 0)
        {
            yield return $"{Section}:Enterprises must map at least one tenant when {Section}:Mode is ServiceProvider "
                + $"(for example {Section}__Enterprises__0__Tenant and {Section}__Enterprises__0__CorpId).";
            yield break;
        }

        var seen = new Dictionary<string, int>(StringComparer.OrdinalIgnoreCase);
        for (var i = 0; i < options.Enterprises.Count; i++)
        {
            var entry = options.Enterprises[i];
            var key = $"{Section}:Enterprises:{i}";
            if (string.IsNullOrWhiteSpace(entry.Tenant))
            {
                yield return $"{key}:Tenant is missing (a Teams tenant id or a Slack team id).";
            }
            else if (seen.TryGetValue(entry.Tenant.Trim(), out var first))
            {
                yield return $"{key}:Tenant '{entry.Tenant.Trim()}' is already mapped by {Section}:Enterprises:{first}:Tenant; a tenant belongs to one enterprise.";
            }
            else
            {
                seen.Add(entry.Tenant.Trim(), i);
            }

            if (entry.HasOwnApp)
            {
                if (string.IsNullOrWhiteSpace(entry.AppId))
                {
                    yield return $"{key}:AppId is missing (an entry with its own AppKey needs its AppId).";
                }

                if (string.IsNullOrWhiteSpace(entry.AppKey))
                {
                    yield return $"{key}:AppKey is missing (set the environment variable {Section}__Enterprises__{i}__AppKey or a Key Vault reference; never commit it).";
                }

                if (!string.IsNullOrWhiteSpace(entry.CorpId))
                {
                    yield return $"{key}:CorpId must be empty when the entry has its own AppId and AppKey (it signs in single-enterprise style).";
                }
            }
            else if (string.IsNullOrWhiteSpace(entry.CorpId))
            {
                yield return $"{key}:CorpId is missing (the Huawei enterprise id, or give the entry its own AppId and AppKey).";
            }
        }
    }
}
