using Amazon;
using Amazon.Runtime;
using Amazon.Runtime.Credentials;

namespace Sluice.Kinesis;

/// <summary>
/// Where Kinesis is and as whom to call it. Only text and numbers, so that it travels with tasks to executor
/// processes; without keys, each process finds its own credentials.
/// </summary>
internal sealed record KinesisEndpoint(string ServiceUrl, string Region, string? AccessKeyId, string? SecretAccessKey, string? SessionToken, TimeSpan RequestTimeout)
{
    /// <summary>The endpoint's host and port, for messages.</summary>
    public string Address => new Uri(ServiceUrl).Authority;

    /// <summary>A client of the API calls the stream makes, signing each with SigV4.</summary>
    public KinesisApi Client()
    {
        AWSCredentials credentials = AccessKeyId is null
            ? DefaultAWSCredentialsIdentityResolver.GetCredentials()
            : SessionToken is null ? new BasicAWSCredentials(AccessKeyId, SecretAccessKey) : new SessionAWSCredentials(AccessKeyId, SecretAccessKey, SessionToken);
        var signer = new Amazon.Runtime.Signing.SigV4SigningHandler(credentials, RegionEndpoint.GetBySystemName(Region), "kinesis", new SocketsHttpHandler());
        return new KinesisApi(new HttpClient(signer) { BaseAddress = new Uri(ServiceUrl), Timeout = RequestTimeout }, Address);
    }
}
