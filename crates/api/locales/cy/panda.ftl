# Negeseuon problem PANDA yn Gymraeg.
# Cod problem sefydlog yw enw pob neges: ei gwerth yw'r manylion a ddangosir
# i'r cleient, a'i phriodoledd .title yw teitl y broblem.

## Gwerthoedd mewnbwn

invalid-input = Nid yw rhai o'r gwerthoedd a anfonwyd yn ddilys. Rhestrir pob un yn errors.
    .title = Mewnbwn annilys
id-format = Mae dynodydd yn UUID fel 343d31d4-5993-47ef-a468-7884a467ae80.
    .title = Dynodydd annilys
timestamp-offset-missing = Nid oes gwrthbwyso gan y stamp amser hwn. Ychwanegwch wrthbwyso fel Z neu +01:00, er enghraifft 2030-01-15T09:00:00+01:00.
    .title = Stamp amser heb wrthbwyso
timestamp-format = Ysgrifennir stamp amser ar ffurf RFC 3339 gyda gwrthbwyso, fel 2030-01-15T09:00:00+01:00.
    .title = Stamp amser annilys
timestamp-out-of-range = Rhaid i stamp amser fod rhwng y blynyddoedd { $first } a { $last } (UTC).
    .title = Stamp amser y tu allan i'r terfynau
text-empty = Ni ddylai hwn fod yn wag.
    .title = Testun gwag
text-too-long = Ni ddylai hwn fod yn hwy na { $max } nod.
    .title = Testun yn rhy hir
text-control-character = Ni ddylai hwn gynnwys nodau rheoli fel toriadau llinell.
    .title = Nod rheoli yn y testun
text-bidi-control = Ni ddylai hwn gynnwys nodau rheoli deugyfeiriadol (fel U+202E), a all wneud i destun ymddangos fel rhywbeth arall.
    .title = Nod rheoli deugyfeiriadol yn y testun
postcode-format = Nid yw hwn yn god post yn y DU. Disgwylir ffurf fel SW1A 1AA neu N6 2FA.
    .title = Cod post annilys
date-format = Dyddiad calendr wedi'i ysgrifennu BBBB-MM-DD yw dyddiad, fel 1980-01-02.
    .title = Dyddiad annilys
date-of-birth-in-future = Ni all dyddiad geni fod yn y dyfodol.
    .title = Dyddiad geni yn y dyfodol
date-of-birth-too-old = Ni all dyddiad geni fod yn fwy na { $max } mlynedd yn ôl.
    .title = Dyddiad geni yn rhy bell yn ôl
nhs-number-not-digits = Digidau yn unig sydd mewn rhif GIG; caniateir bylchau rhyngddynt.
    .title = Rhif GIG annilys
nhs-number-length = Mae gan rif GIG union 10 digid, nid { $found }.
    .title = Rhif GIG annilys
nhs-number-checksum = Nid yw hwn yn rhif GIG dilys: nid yw ei ddigid gwirio yn cyfateb.
    .title = Rhif GIG annilys
nhs-number-repeated-digit = Nid yw hwn yn rhif GIG dilys: mae ei ddeg digid i gyd yr un fath.
    .title = Rhif GIG annilys
nhs-number-immutable = Ni ellir newid rhif GIG claf. Gadewch ef allan, neu anfonwch yr un sydd yn y cyfeiriad.
    .title = Ni all y rhif GIG newid
duration-format = Ysgrifennir hyd fel 15m, 30m, 1h, 1h30m neu 2h.
    .title = Hyd annilys
duration-range = Mae hyd rhwng 1 munud a 24 awr.
    .title = Hyd y tu allan i'r terfynau
status-unknown = Mae statws yn un o active (gweithredol), attended (wedi dod), cancelled (wedi'i ganslo) neu missed (wedi'i golli).
    .title = Statws anhysbys
dimension-unknown = Caiff adroddiad ei grwpio yn ôl clinician (clinigydd), department (adran), organisation (sefydliad) neu location (lleoliad).
    .title = Grwpio anhysbys
period-unknown = Mae cyfnod yn un o day (diwrnod), week (wythnos), month (mis), quarter (chwarter), year (blwyddyn) neu none (dim).
    .title = Cyfnod anhysbys
audit-entity-unknown = Mae math endid yn un o patient (claf), practitioner (ymarferydd), practitioner-role (rôl ymarferydd), department (adran), organisation (sefydliad), location (lleoliad), appointment (apwyntiad), import (mewnforio), token (tocyn), schedule (patrwm gwaith), absence (absenoldeb) neu hold (daliad).
    .title = Math endid anhysbys
audit-action-unknown = Mae gweithred yn un o create (creu), update (diweddaru), erase (dileu), import (mewnforio), revoke (diddymu) neu delete (tynnu).
    .title = Gweithred anhysbys
report-format-unknown = Fformat adroddiad yw json, csv neu svg.
    .title = Fformat adroddiad anhysbys
report-chart-needs-period = Mae siart yn dangos yr amser a gollwyd fesul cyfnod: ychwanegwch period=day, week, month, quarter neu year.
    .title = Mae angen cyfnod ar siart
report-too-many-periods = Mae adroddiad yn cwmpasu { $max } cyfnod ar y mwyaf. Culhewch from a to, neu dewiswch gyfnod hirach.
    .title = Gormod o gyfnodau
report-too-many-rows = Mae gan adroddiad { $max } rhes ar y mwyaf. Culhewch from a to, dewiswch gyfnod hirach, grwpiwch yn ôl llai o ddimensiynau neu ychwanegwch hidlydd.
    .title = Adroddiad yn rhy fawr
page-limit-range = Rhaid i'r terfyn fod rhwng 1 a { $max }.
    .title = Terfyn tudalen y tu allan i'r terfynau
number-format = Rhaid i hwn fod yn rhif cyfan, 0 neu fwy.
    .title = Nid yw'n rhif
range-reversed = Rhaid i ddechrau'r ystod fod cyn ei diwedd.
    .title = Ystod o chwith
field-required = Mae'r maes hwn yn ofynnol.
    .title = Maes ar goll
field-unknown = Nid yw'r maes hwn yn hysbys; gwiriwch ei sillafiad.
    .title = Maes anhysbys
field-type = Mae gan y maes hwn y math JSON anghywir; mae'r API yn dogfennu math pob maes (llinynnau yw'r rhan fwyaf).
    .title = Maes o'r math anghywir

## Rheolau amserlennu

start-not-on-grid = Mae apwyntiadau'n dechrau ar luosrif o { $grid } munud wedi'r awr, heb eiliadau.
    .title = Amser dechrau nad yw ar y grid
duration-not-allowed = Ni chaniateir yr hyd hwn ar gyfer apwyntiad. { $step ->
        [none] Caniateir: { $min }.
       *[other] Caniateir: { $min } i { $max } mewn camau o { $step }.
    }
    .title = Hyd heb ei ganiatáu
start-in-the-past = Rhaid i apwyntiad newydd ddechrau yn y dyfodol.
    .title = Amser dechrau yn y gorffennol
practitioner-not-at-location = Nid yw'r ymarferydd hwn yn gweithio yn y lleoliad hwn.
    .title = Nid yw'r ymarferydd yn y lleoliad hwn

## Newidiadau statws

appointment-cancelled = Cafodd yr apwyntiad hwn ei ganslo, ac ni ellir newid apwyntiad sydd wedi'i ganslo.
    .title = Apwyntiad wedi'i ganslo
appointment-not-started = Ni ellir nodi { $to ->
        [attended] bod y claf wedi dod
        [missed] bod y claf heb ddod
       *[other] y statws { $to }
    } cyn i'r apwyntiad ddechrau.
    .title = Nid yw'r apwyntiad wedi dechrau
appointment-already-started = Ni ellir canslo apwyntiad sydd wedi dechrau mwyach; nodwch fod y claf wedi dod neu wedi'i golli.
    .title = Mae'r apwyntiad eisoes wedi dechrau
status-transition-not-allowed = Ni all apwyntiad newid o { $from ->
        [active] weithredol
        [attended] wedi dod
        [cancelled] wedi'i ganslo
        [missed] wedi'i golli
       *[other] { $from }
    } i { $to ->
        [active] weithredol
        [attended] wedi dod
        [cancelled] wedi'i ganslo
        [missed] wedi'i golli
       *[other] { $to }
    }.
    .title = Ni chaniateir newid y statws
appointment-not-reschedulable = Dim ond apwyntiad gweithredol nad yw wedi dechrau y gellir ei aildrefnu; statws yr un hwn yw: { $status ->
        [active] gweithredol
        [attended] wedi dod
        [cancelled] wedi'i ganslo
        [missed] wedi'i golli
       *[other] { $status }
    }.
    .title = Ni ellir aildrefnu'r apwyntiad

## Cofnodion

not-found = Ni chafwyd hyd i'r cofnod.
    .title = Heb ei ganfod
patient-not-found = Nid oes gan unrhyw glaf y rhif GIG hwn.
    .title = Claf heb ei ganfod
practitioner-not-found = Nid oes gan unrhyw ymarferydd y dynodydd hwn.
    .title = Ymarferydd heb ei ganfod
department-not-found = Nid oes gan unrhyw adran y dynodydd hwn.
    .title = Adran heb ei chanfod
organisation-not-found = Nid oes gan unrhyw sefydliad y dynodydd hwn.
    .title = Sefydliad heb ei ganfod
location-not-found = Nid oes gan unrhyw leoliad y dynodydd hwn.
    .title = Lleoliad heb ei ganfod
appointment-not-found = Nid oes gan unrhyw apwyntiad y dynodydd hwn.
    .title = Apwyntiad heb ei ganfod

## Gwrthdaro

duplicate = Mae cofnod gyda'r allwedd hon eisoes yn bodoli.
    .title = Eisoes yn bodoli
already-exists = Mae cofnod gyda'r un enw eisoes yn bodoli.
    .title = Eisoes yn bodoli
patient-already-exists = Mae claf gyda'r rhif GIG hwn eisoes yn bodoli.
    .title = Mae'r claf eisoes yn bodoli
practitioner-unavailable = Mae gan yr ymarferydd apwyntiad ar yr amser hwnnw eisoes.
    .title = Nid yw'r ymarferydd ar gael
already-booked-that-day = Mae gan y claf apwyntiad ar y diwrnod hwnnw eisoes.
    .title = Eisoes wedi trefnu apwyntiad y diwrnod hwnnw
stale-version = Mae'r cofnod wedi newid ers i chi ei ddarllen. Darllenwch ef eto, yna rhowch gynnig arall arni gyda'i fersiwn newydd.
    .title = Mae'r cofnod wedi newid
patient-has-upcoming-appointments = Mae gan y claf apwyntiadau i ddod. Canslwch nhw yn gyntaf.
    .title = Mae gan y claf apwyntiadau i ddod
still-referenced = Mae cofnodion eraill yn dal i gyfeirio at yr un hwn.
    .title = Mae'r cofnod yn dal i gael ei ddefnyddio

## Y cais ei hun

malformed-json = Nid yw'r corff yn JSON dilys.
    .title = JSON wedi'i ffurfio'n wael
invalid-json-body = Mae'r corff yn JSON, ond nid o'r siâp disgwyliedig: mae maes ar goll, yn anhysbys neu o'r math anghywir.
    .title = Corff JSON annilys
payload-too-large = Mae'r corff yn fwy na'r terfyn o { $limit } beit.
    .title = Corff yn rhy fawr
unsupported-media-type = Rhaid anfon y corff fel application/json.
    .title = Math o gyfrwng heb ei gefnogi
invalid-query = Mae paramedr anhysbys, ailadroddus neu wedi’i amgodio’n anghywir yn y llinyn ymholiad: “{ $parameter }”.
    .title = Llinyn ymholiad annilys
route-not-found = Nid oes dim byd yn y cyfeiriad hwn.
    .title = Heb ei ganfod
method-not-allowed = Nid yw'r cyfeiriad hwn yn derbyn y dull hwn. Mae'r pennawd Allow yn rhestru'r rhai y mae'n eu derbyn.
    .title = Dull heb ei ganiatáu
unauthenticated = Mae angen tystlythyr ar gyfer hyn: anfonwch Authorization: Bearer ac yna eich tocyn.
    .title = Mae angen dilysu
invalid-token = Nid yw'r tystlythyr a anfonwyd yn ddilys: efallai ei fod wedi'i gamdeipio, wedi dod i ben neu wedi'i ddiddymu. Gofynnwch i'ch gweinyddwr am docyn newydd.
    .title = Tystlythyr annilys
forbidden = Nid yw eich rôl yn caniatáu'r cais hwn.
    .title = Gwaharddedig
role-unknown = Mae rôl yn un o admin (gweinyddwr), clinic (clinig) neu analyst (dadansoddwr).
    .title = Rôl anhysbys
token-name-taken = Mae tocyn gyda'r enw hwn eisoes yn bod; dewiswch enw arall.
    .title = Enw tocyn wedi'i gymryd
token-not-found = Nid oes gan unrhyw docyn y dynodydd neu'r enw hwn.
    .title = Tocyn heb ei ganfod
token-life-range = Mae tocyn yn byw rhwng un munud a deng mlynedd.
    .title = Oes tocyn y tu allan i'r terfynau
if-match-format = Mae If-Match yn derbyn un fersiwn mewn dyfynodau, fel yr anfonwyd yn y pennawd ETag, er enghraifft "3".
    .title = Pennawd If-Match annilys
if-match-required = Rhaid i newid i'r cofnod hwn ddweud pa fersiwn y mae'n ei newid: darllenwch y cofnod, yna anfonwch ei ETag fel If-Match, er enghraifft If-Match: "3".
    .title = Mae angen If-Match
request-timeout = Ni chyrhaeddodd corff y cais o fewn { $seconds } eiliad. Anfonwch ef eto.
    .title = Daeth amser y cais i ben
body-incomplete = Daeth corff y cais i ben cyn yr hyd a nodwyd gan ei bennawd Content-Length. Ni wnaed dim; anfonwch ef eto yn gyfan.
    .title = Corff anghyflawn
ambiguous-framing = Gall cais gario Transfer-Encoding neu Content-Length, nid y ddau.
    .title = Fframio cais amwys
bad-request = Nid oedd modd deall y cais.
    .title = Cais gwael
storage-unavailable = Nid oedd modd i'r gwasanaeth gwblhau'r cais. Rhowch gynnig arall arni yn nes ymlaen.
    .title = Gwasanaeth ddim ar gael
internal-error = Nid oedd modd i'r gwasanaeth gwblhau'r cais. Rhowch gynnig arall arni yn nes ymlaen.
    .title = Gwall mewnol
unknown-problem = Aeth rhywbeth o'i le.
    .title = Gwall

## Ailgynnig, ceisiadau traws-darddiad a pharodrwydd

idempotency-key-format = Mae Idempotency-Key rhwng 1 a { $max } nod ASCII gweladwy, fel UUID.
    .title = Idempotency-Key annilys
idempotency-key-in-use = Mae cais gyda’r Idempotency-Key hwn yn dal i gael ei brosesu: rhowch gynnig arall arni mewn eiliad.
    .title = Cais yn dal ar y gweill
idempotency-key-reused = Defnyddiwyd yr Idempotency-Key hwn ar gyfer cais gwahanol: defnyddiwch allwedd newydd ar gyfer cais newydd.
    .title = Idempotency-Key wedi’i ailddefnyddio
cors-origin-forbidden = Ni chaniateir ceisiadau o’r tarddiad gwe hwn.
    .title = Tarddiad heb ei ganiatáu
not-ready = Ni all PANDA ateb ceisiadau eto: nid yw ei gronfa ddata yn ateb neu nid yw’n gyfredol.
    .title = Ddim yn barod

booking-outside-window = Gellir trefnu apwyntiad newydd i ddechrau rhwng { $earliest } a { $latest } (UTC).
    .title = Y tu allan i’r cyfnod archebu

## Argaeledd: patrymau gwaith, absenoldebau, slotiau rhydd a daliadau.
outside-working-hours = Nid yw'r ymarferydd yn gweithio ar yr amser hwnnw: mae y tu allan i sesiynau ei batrwm gwaith neu yn un o'i absenoldebau.
    .title = Y tu allan i oriau gwaith
hold-not-live = Mae'r daliad wedi dod i ben neu wedi'i ryddhau; chwiliwch am slot rhydd eto.
    .title = Nid yw'r daliad yn bod mwyach
hold-mismatch = Mae'r daliad ar gyfer ymarferydd neu amser gwahanol i'r archeb hon.
    .title = Nid yw'r daliad yn cyfateb
hold-not-found = Nid oes daliad byw gyda'r dynodydd hwn: efallai ei fod wedi dod i ben, wedi'i ryddhau neu wedi'i archebu.
    .title = Daliad heb ei ganfod
schedule-not-found = Nid oes gan yr ymarferydd hwn batrwm gwaith.
    .title = Patrwm gwaith heb ei ganfod
absence-not-found = Nid oes gan yr ymarferydd hwn absenoldeb gyda'r dynodydd hwn.
    .title = Absenoldeb heb ei ganfod
time-zone-unknown = Enw o gronfa ddata IANA yw cylchfa amser, fel Europe/London.
    .title = Cylchfa amser anhysbys
weekday-unknown = Diwrnod o'r wythnos yw monday, tuesday, wednesday, thursday, friday, saturday neu sunday.
    .title = Diwrnod anhysbys
time-of-day-format = Ysgrifennir amser o'r dydd fel AA:MM, o 00:00 i 24:00.
    .title = Amser o'r dydd annilys
time-of-day-not-on-grid = Mae sesiynau'n dechrau ac yn gorffen ar yr awr neu ar yr hanner awr.
    .title = Nid yw'r amser ar yr hanner awr
session-end-not-after-start = Rhaid i sesiwn orffen ar ôl iddi ddechrau.
    .title = Sesiwn yn gorffen cyn dechrau
sessions-overlap = Mae'r sesiwn hon yn gorgyffwrdd â sesiwn { $other } ar yr un diwrnod.
    .title = Sesiynau'n gorgyffwrdd
too-many-sessions = Mae gan batrwm gwaith { $max } sesiwn ar y mwyaf.
    .title = Gormod o sesiynau
valid-until-before-valid-from = Rhaid i valid_until fod ar neu ar ôl valid_from.
    .title = Patrwm yn gorffen cyn dechrau
date-out-of-range = Rhaid i ddyddiad fod rhwng y blynyddoedd { $first } a { $last }.
    .title = Dyddiad y tu allan i'r terfynau
period-end-not-after-start = Rhaid i'r diwedd ddod ar ôl y dechrau.
    .title = Cyfnod yn gorffen cyn dechrau
period-too-long = Mae cyfnod yn para { $max_days } diwrnod ar y mwyaf.
    .title = Cyfnod rhy hir
slots-range-empty = Rhaid i to ddod ar ôl from.
    .title = Ystod wag
slots-range-too-long = Mae chwiliad yn cwmpasu { $max_days } diwrnod ar y mwyaf.
    .title = Ystod rhy hir
slots-filter-missing = Enwch practitioner_id, department_id, organisation_id neu location_id i chwilio ynddo.
    .title = Dyddiadur pwy?
slots-too-many-practitioners = Mae mwy na { $max } ymarferydd yn cyfateb; culhewch y chwiliad.
    .title = Gormod o ymarferwyr
series-interval-format = Nifer o ddyddiau neu wythnosau yw cyfwng, o 1d i 52w, fel 1w neu 2w.
    .title = Cyfwng annilys
series-count-range = Mae gan gyfres rhwng 1 a { $max } achlysur.
    .title = Gormod neu rhy ychydig o achlysuron
series-occurrences-refused = Ni ellir trefnu { $count } achlysur yn y gyfres, felly ni threfnwyd yr un: rhestrir pob un gyda'i reswm.
    .title = Cyfres heb ei threfnu
series-not-found = Nid oes cyfres gyda'r dynodydd hwn.
    .title = Cyfres heb ei chanfod
