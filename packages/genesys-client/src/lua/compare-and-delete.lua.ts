/**
 * Deletes a key only if it still holds the given value. Used to drop a cached token that a 401
 * rejected without dropping a newer one another process has stored meanwhile, and to release the
 * token lock only if we still own it.
 *
 * KEYS[1] the key; ARGV[1] the expected value. Returns 1 if deleted, else 0.
 */
export const COMPARE_AND_DELETE_SCRIPT = `
if redis.call('GET', KEYS[1]) == ARGV[1] then
  return redis.call('DEL', KEYS[1])
end
return 0
`;
