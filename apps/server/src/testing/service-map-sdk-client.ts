import { ServicemapManagementClient } from '@azure/arm-servicemap';

type Credentials = ConstructorParameters<typeof ServicemapManagementClient>[0];

/**
 * Azure's own (old AutoRest) Service Map client pointed at our server, signing each request with
 * a bearer token: the minimal ServiceClientCredentials the SDK tests need (test support).
 */
export function serviceMapSdkClient(token: string, baseUri: string, subscriptionId = 'sub1'): ServicemapManagementClient {
  const bearer: Credentials = {
    signRequest: (request) => {
      request.headers.set('authorization', `Bearer ${token}`);
      return Promise.resolve(request);
    },
  };
  return new ServicemapManagementClient(bearer, subscriptionId, { baseUri });
}
