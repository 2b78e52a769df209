/** Where to get the key both stdio modes need, for the error shown when it is missing. */
export const API_KEY_HINT = 'create an API key in FacilFlow (API keys page, or the apiKeys.create operation) and pass it in the environment';
