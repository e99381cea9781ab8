# PANDA's problem messages in English.
# Each message id is a stable problem code: its value is the detail shown to
# the client, its .title attribute the problem's title.

## Input values

invalid-input = Some of the values sent are not valid. Each one is listed in errors.
    .title = Invalid input
id-format = An identifier is a UUID such as 343d31d4-5993-47ef-a468-7884a467ae80.
    .title = Invalid identifier
timestamp-offset-missing = This timestamp has no offset. Add an offset such as Z or +01:00, for example 2030-01-15T09:00:00+01:00.
    .title = Timestamp without an offset
timestamp-format = A timestamp is written in RFC 3339 form with an offset, such as 2030-01-15T09:00:00+01:00.
    .title = Invalid timestamp
timestamp-out-of-range = A timestamp must fall in the years { $first } to { $last } (UTC).
    .title = Timestamp out of range
text-empty = This must not be empty.
    .title = Empty text
text-too-long = This must be at most { $max } characters long.
    .title = Text too long
text-control-character = This must not contain control characters such as line breaks.
    .title = Control character in text
text-bidi-control = This must not contain bidirectional control characters (such as U+202E), which can make text display as something else.
    .title = Bidirectional control in text
postcode-format = This is not a UK postcode. Expected a form such as SW1A 1AA or N6 2FA.
    .title = Invalid postcode
date-format = A date is a calendar date written YYYY-MM-DD, such as 1980-01-02.
    .title = Invalid date
date-of-birth-in-future = A date of birth cannot be in the future.
    .title = Date of birth in the future
date-of-birth-too-old = A date of birth cannot be more than { $max } years ago.
    .title = Date of birth too long ago
nhs-number-not-digits = An NHS number has only digits; spaces are allowed between them.
    .title = Invalid NHS number
nhs-number-length = An NHS number has exactly 10 digits, not { $found }.
    .title = Invalid NHS number
nhs-number-checksum = This is not a valid NHS number: its check digit does not match.
    .title = Invalid NHS number
nhs-number-repeated-digit = This is not a valid NHS number: its ten digits are all the same.
    .title = Invalid NHS number
nhs-number-immutable = A patient's NHS number cannot be changed. Leave it out, or send the one in the address.
    .title = NHS number cannot change
duration-format = A duration is written like 15m, 30m, 1h, 1h30m or 2h.
    .title = Invalid duration
duration-range = A duration is between 1 minute and 24 hours.
    .title = Duration out of range
status-unknown = A status is one of active, attended, cancelled or missed.
    .title = Unknown status
dimension-unknown = A report is grouped by clinician, department, organisation or location.
    .title = Unknown grouping
period-unknown = A period is one of day, week, month, quarter, year or none.
    .title = Unknown period
audit-entity-unknown = An entity type is patient, practitioner, practitioner-role, department, organisation, location, appointment, import, token, schedule, absence or hold.
    .title = Unknown entity type
audit-action-unknown = An action is create, update, erase, import, revoke or delete.
    .title = Unknown action
report-format-unknown = A report's format is json, csv or svg.
    .title = Unknown report format
report-chart-needs-period = A chart shows time lost per period: add period=day, week, month, quarter or year.
    .title = A chart needs a period
report-too-many-periods = A report covers at most { $max } periods. Narrow from and to, or choose a longer period.
    .title = Too many periods
report-too-many-rows = A report has at most { $max } rows. Narrow from and to, choose a longer period, group by fewer dimensions or add a filter.
    .title = Report too large
page-limit-range = The limit must be between 1 and { $max }.
    .title = Page limit out of range
number-format = This must be a whole number of 0 or more.
    .title = Not a number
range-reversed = The start of the range must be before its end.
    .title = Range reversed
field-required = This field is required.
    .title = Field missing
field-unknown = This field is not known; check its spelling.
    .title = Unknown field
field-type = This field has the wrong JSON type; the API documents each field's type (most are strings).
    .title = Field of the wrong type

## Scheduling rules

start-not-on-grid = Appointments start at a multiple of { $grid } minutes past the hour, with no seconds.
    .title = Start time not on the grid
duration-not-allowed = This duration is not allowed for an appointment. { $step ->
        [none] Allowed: { $min }.
       *[other] Allowed: { $min } to { $max } in steps of { $step }.
    }
    .title = Duration not allowed
start-in-the-past = A new appointment must start in the future.
    .title = Start time in the past
practitioner-not-at-location = This practitioner does not work at this location.
    .title = Practitioner not at this location

## Status changes

appointment-cancelled = This appointment was cancelled, and a cancelled appointment cannot be changed.
    .title = Appointment cancelled
appointment-not-started = An appointment cannot be marked { $to } before it has started.
    .title = Appointment not started
appointment-already-started = An appointment that has started can no longer be cancelled; mark it attended or missed.
    .title = Appointment already started
status-transition-not-allowed = An appointment cannot go from { $from } to { $to }.
    .title = Status change not allowed
appointment-not-reschedulable = Only an active appointment that has not started can be rescheduled; this one is { $status }.
    .title = Appointment cannot be rescheduled

## Records

not-found = The record was not found.
    .title = Not found
patient-not-found = No patient has this NHS number.
    .title = Patient not found
practitioner-not-found = No practitioner has this id.
    .title = Practitioner not found
department-not-found = No department has this id.
    .title = Department not found
organisation-not-found = No organisation has this id.
    .title = Organisation not found
location-not-found = No location has this id.
    .title = Location not found
appointment-not-found = No appointment has this id.
    .title = Appointment not found

## Conflicts

duplicate = A record with this key already exists.
    .title = Already exists
already-exists = A record with the same name already exists.
    .title = Already exists
patient-already-exists = A patient with this NHS number already exists.
    .title = Patient already exists
practitioner-unavailable = The practitioner already has an appointment at that time.
    .title = Practitioner unavailable
already-booked-that-day = The patient already has an appointment on that day.
    .title = Already booked that day
stale-version = The record has changed since you read it. Read it again, then retry with its new version.
    .title = Record changed
patient-has-upcoming-appointments = The patient has upcoming appointments. Cancel them first.
    .title = Patient has upcoming appointments
still-referenced = Other records still refer to this one.
    .title = Record still in use

## The request itself

malformed-json = The body is not valid JSON.
    .title = Malformed JSON
invalid-json-body = The body is JSON, but not of the expected shape: a field is missing, unknown or of the wrong type.
    .title = Invalid JSON body
payload-too-large = The body is larger than the limit of { $limit } bytes.
    .title = Body too large
unsupported-media-type = The body must be sent as application/json.
    .title = Unsupported media type
invalid-query = The query string has an unknown or repeated parameter, or one that is not encoded right: “{ $parameter }”.
    .title = Invalid query string
route-not-found = There is nothing at this address.
    .title = Not found
method-not-allowed = This address does not accept this method. The Allow header lists those it does.
    .title = Method not allowed
unauthenticated = This needs a credential: send Authorization: Bearer followed by your token.
    .title = Authentication required
invalid-token = The credential sent is not valid: it may be mistyped, expired or revoked. Ask your administrator for a new token.
    .title = Invalid credential
forbidden = Your role does not allow this request.
    .title = Forbidden
role-unknown = A role is admin, clinic or analyst.
    .title = Unknown role
token-name-taken = A token with this name exists already; choose another name.
    .title = Token name taken
token-not-found = No token has this id or name.
    .title = Token not found
token-life-range = A token lives between one minute and ten years.
    .title = Token life out of range
if-match-format = If-Match takes one version in quotes, as sent in the ETag header, such as "3".
    .title = Invalid If-Match header
if-match-required = A change to this record must say which version it changes: read the record, then send its ETag as If-Match, such as If-Match: "3".
    .title = If-Match required
request-timeout = The request body did not arrive within { $seconds } seconds. Send it again.
    .title = Request timed out
body-incomplete = The request body ended before the length its Content-Length header declared. Nothing was done; send it again whole.
    .title = Incomplete body
ambiguous-framing = A request may carry Transfer-Encoding or Content-Length, not both.
    .title = Ambiguous request framing
bad-request = The request could not be understood.
    .title = Bad request
storage-unavailable = The service could not complete the request. Please try again later.
    .title = Service unavailable
internal-error = The service could not complete the request. Please try again later.
    .title = Internal error
unknown-problem = Something went wrong.
    .title = Error

## Retries, cross-origin requests and readiness

idempotency-key-format = An Idempotency-Key is 1 to { $max } visible ASCII characters, such as a UUID.
    .title = Invalid Idempotency-Key
idempotency-key-in-use = A request with this Idempotency-Key is still being processed: try again in a moment.
    .title = Request still in progress
idempotency-key-reused = This Idempotency-Key was used for a different request: use a new key for a new request.
    .title = Idempotency-Key reused
cors-origin-forbidden = Requests from this web origin are not allowed.
    .title = Origin not allowed
not-ready = PANDA cannot serve requests yet: its database does not answer or is not up to date.
    .title = Not ready

booking-outside-window = A new appointment can be booked to start from { $earliest } to { $latest } (UTC).
    .title = Outside the booking window

## Availability: working patterns, absences, free slots and holds.
outside-working-hours = The practitioner does not work at that time: it is outside their working pattern's sessions or in one of their absences.
    .title = Outside working hours
hold-not-live = The hold has expired or was released; search for a free slot again.
    .title = Hold no longer held
hold-mismatch = The hold is for another practitioner or time than this booking.
    .title = Hold does not match
hold-not-found = There is no live hold with this id: it may have expired, been released or been booked.
    .title = Hold not found
schedule-not-found = This practitioner has no working pattern.
    .title = Working pattern not found
absence-not-found = This practitioner has no absence with this id.
    .title = Absence not found
time-zone-unknown = A time zone is a name from the IANA database, such as Europe/London.
    .title = Unknown time zone
weekday-unknown = A weekday is monday, tuesday, wednesday, thursday, friday, saturday or sunday.
    .title = Unknown weekday
time-of-day-format = A time of day is written HH:MM, from 00:00 to 24:00.
    .title = Invalid time of day
time-of-day-not-on-grid = Sessions start and end on the hour or at half past.
    .title = Time not on the half hour
session-end-not-after-start = A session must end after it starts.
    .title = Session ends before it starts
sessions-overlap = This session overlaps session { $other } on the same weekday.
    .title = Sessions overlap
too-many-sessions = A working pattern has at most { $max } sessions.
    .title = Too many sessions
valid-until-before-valid-from = valid_until must be on or after valid_from.
    .title = Pattern ends before it starts
date-out-of-range = A date must fall in the years { $first } to { $last }.
    .title = Date out of range
period-end-not-after-start = The end must come after the start.
    .title = Period ends before it starts
period-too-long = A period lasts at most { $max_days } days.
    .title = Period too long
slots-range-empty = to must come after from.
    .title = Empty range
slots-range-too-long = A search covers at most { $max_days } days.
    .title = Range too long
slots-filter-missing = Name a practitioner_id, department_id, organisation_id or location_id to search in.
    .title = Whose diary?
slots-too-many-practitioners = More than { $max } practitioners match; narrow the search.
    .title = Too many practitioners
series-interval-format = An interval is a number of days or weeks, from 1d to 52w, such as 1w or 2w.
    .title = Invalid interval
series-count-range = A series has 1 to { $max } occurrences.
    .title = Too many or too few occurrences
series-occurrences-refused = { $count } occurrences of the series cannot be booked, so none was: each is listed with its reason.
    .title = Series not booked
series-not-found = No series has this id.
    .title = Series not found
