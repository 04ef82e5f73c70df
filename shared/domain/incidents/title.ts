/**
 * Title length of incidents and maintenances (the reference dashboard's 8..200 characters): short
 * enough for a list, long enough to tell apart. The API's schemas and the web form both check it;
 * this module imports nothing, so the browser bundle can use it.
 */
export const TITLE_MIN = 8;
export const TITLE_MAX = 200;
