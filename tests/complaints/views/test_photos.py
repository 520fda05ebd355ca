"""Photos on complaints, through the real app: filing, hostile uploads, serving, the public list."""

from __future__ import annotations

from io import BytesIO
from pathlib import Path

import pytest
import transaction as transaction_module
import webtest
from PIL import Image
from pyramid.registry import Registry
from sqlalchemy import func, select, update

from complaints import demo
from complaints.models import Complaint, ComplaintPhoto
from complaints.services import categories, filing, photos
from municipality.app import make_config
from municipality.db import make_session_factory, session_in_transaction
from municipality.files import STORE_KEY, DatabaseStore, file_store
from municipality.images import accept_image
from municipality.models import FileChunk
from tests import factories
from tests.conftest import app_settings

NAME, EMAIL, PHONE = "Amina Zebrawi", "amina.zebrawi@example.org", "+212 600 111 222"
ADDRESS = "17 rue des Zèbres, villa Zebrawi"
LATITUDE, LONGITUDE = 34.0531234, -6.7985678


def _picture(image_format: str = "PNG", size: tuple[int, int] = (64, 48)) -> bytes:
    buffer = BytesIO()
    Image.new("RGB", size, (120, 120, 120)).save(buffer, image_format)
    return buffer.getvalue()


@pytest.fixture(scope="module")
def uploads_dir(tmp_path_factory) -> Path:
    return tmp_path_factory.mktemp("uploads")


@pytest.fixture(scope="module")
def photo_wsgi_app(engine, tmp_path_factory, uploads_dir):
    """The app with the default limits (uploads may carry five 8 MB photos), own store."""
    settings = app_settings(
        engine,
        tmp_path_factory.mktemp("photo-app"),
        **{"baladiya.core.upload_dir": str(uploads_dir)},
    )
    return make_config(settings).make_wsgi_app()


@pytest.fixture
def app(photo_wsgi_app, db, uploads_dir):
    for stale in uploads_dir.rglob("*"):
        if stale.is_file():
            stale.unlink()
    return webtest.TestApp(photo_wsgi_app, extra_environ={"HTTP_HOST": "localhost"})


@pytest.fixture
def sale(db):
    with db() as session:
        for slug in ("sale", "rabat"):
            languages = "ar fr" if slug == "rabat" else "fr ar"
            commune = factories.commune(session, slug=slug, languages=languages)
            factories.enable(session, commune, "complaints")
            factories.category(session, commune)
            factories.user(session, role="agent", commune_=commune, email=f"agent@{slug}.test")
    return "sale"


def _files(app, db) -> list[str]:
    """The keys of every file in the app's store (files on disk or rows, by backend)."""
    with db() as session:
        return list(file_store(app.app.registry).keys(session))


def _complaint_count(db) -> int:
    with db() as session:
        return session.execute(select(func.count()).select_from(Complaint)).scalar_one()


def _file(app, files, commune="sale", **fields):
    form = app.get(f"/{commune}/complaints/new").forms["deform"]
    form["category"] = form["category"].options[1][0]
    form["description"] = "Nid-de-poule profond devant l'école"
    form["address"] = ADDRESS
    for name, value in fields.items():
        form[name] = value
    params = [(k, v) for k, v in form.submit_fields("send") if k != "photos"]
    return app.post(
        form.action or f"/{commune}/complaints/new",
        params=params,
        upload_files=[("photos", name, data) for name, data in files],
        status="*",
    )


# --- Filing -------------------------------------------------------------------------------


def test_the_form_offers_a_photo_field_and_keeps_its_csrf_token(app, sale):
    page = app.get("/sale/complaints/new")
    field = page.html.find("input", {"name": "photos"})
    assert field["type"] == "file"
    assert field.has_attr("multiple")
    assert field["accept"] == "image/jpeg,image/png,image/webp"
    assert page.html.find("form", id="deform")["enctype"] == "multipart/form-data"
    assert page.html.find("input", {"name": "csrf_token"})


def test_a_resident_files_with_photos_and_sees_their_thumbnails(app, sale, db, uploads_dir):
    response = _file(app, [("trou.png", _picture()), ("rue.jpg", _picture("JPEG"))])
    assert response.status_int == 302, response.text[:500]
    # Two photos and their thumbnails: both are the same grey square, kept once.
    assert len(_files(app, db)) == 3
    with db() as session:
        stored = list(session.execute(select(ComplaintPhoto)).scalars())
    assert sorted(p.position for p in stored) == [0, 1]
    assert {p.content_type for p in stored} == {"image/png", "image/jpeg"}
    page = response.follow()
    thumbnails = page.html.select("ul.photos img")
    assert len(thumbnails) == 2
    thumb = app.get(thumbnails[0]["src"])
    assert thumb.content_type == "image/jpeg"
    assert thumb.headers["Cache-Control"] == "private, max-age=3600"
    assert thumb.headers["X-Content-Type-Options"] == "nosniff"
    assert thumb.headers["Content-Disposition"] == "inline"
    assert Image.open(BytesIO(thumb.body)).size[0] <= 320


def test_staff_see_thumbnails_on_the_inbox_and_the_detail(app, sale, db):
    _file(app, [("trou.png", _picture())])
    factories.log_in(app, "agent@sale.test")
    inbox = app.get("/c/sale/complaints")
    assert len(inbox.html.select("ul.photos img")) == 1
    detail = app.get(inbox.html.select_one("ul.list a")["href"])
    link = detail.html.select_one("ul.photos a")["href"]
    full = app.get(link)
    assert full.content_type == "image/png"
    assert full.headers["X-Content-Type-Options"] == "nosniff"
    thumb = app.get(detail.html.select_one("ul.photos img")["src"])
    assert thumb.content_type == "image/jpeg"
    assert len(thumb.body) < len(full.body) or thumb.body != full.body


def test_filing_without_a_photo_still_works(app, sale, db, uploads_dir):
    response = _file(app, [])
    assert response.status_int == 302
    assert _files(app, db) == []


# --- Hostile uploads: a 400, the form again, nothing stored -----------------------------------


@pytest.mark.parametrize(
    ("files", "message"),
    [
        ([("photo.jpg", b"just some text, not a picture at all\n" * 20)], "JPEG, PNG ou WebP"),
        ([("big.jpg", b"\xff\xd8\xff" + b"\0" * (8 * 2**20))], "Le fichier dépasse"),
        ([(f"p{i}.png", _picture()) for i in range(6)], "Au plus 5 photos"),
        ([("bomb.png", b"")], "millions de pixels"),
        ([("ok.png", _picture()), ("fake.png", b"%PDF-1.4 not an image")], "JPEG, PNG ou WebP"),
    ],
    ids=["text-named-jpg", "oversized", "six-photos", "bomb", "one-good-one-bad"],
)
def test_a_bad_photo_refuses_the_whole_complaint(app, sale, db, uploads_dir, files, message):
    if files[0][0] == "bomb.png":
        buffer = BytesIO()
        Image.new("1", (9000, 9000)).save(buffer, "PNG")  # 81 million pixels, a few KB
        files = [("bomb.png", buffer.getvalue())]
    response = _file(app, files)
    assert response.status_int == 400
    assert message in response.text
    assert response.html.find("input", {"name": "photos"})
    assert response.html.find("textarea", {"name": "description"}).text.startswith("Nid-de")
    assert _files(app, db) == []
    assert _complaint_count(db) == 0


def test_an_invalid_form_with_a_good_photo_stores_nothing(app, sale, db, uploads_dir):
    response = _file(app, [("ok.png", _picture())], description="court")
    assert response.status_int == 400
    assert _files(app, db) == []
    assert _complaint_count(db) == 0


def test_the_arabic_form_explains_a_refused_photo_in_arabic(app, sale):
    response = _file(app, [("photo.jpg", b"not an image at all")], commune="rabat")
    assert response.status_int == 400
    assert "الملف ليس صورة من نوع JPEG أو PNG أو WebP." in response.text


# --- Messages a resident reads: their language, what to do, no ids -------------------------


def _feedback(response) -> list[str]:
    return [e.text.strip() for e in response.html.select(".invalid-feedback")]


@pytest.mark.parametrize(
    ("commune", "short", "category"),
    [
        ("rabat", "صف المشكلة في 10 أحرف على الأقل.", "اختر فئة من القائمة."),
        ("sale", "Décrivez le problème en au moins 10 caractères.", "Choisissez une catégorie"),
    ],
)
def test_form_errors_say_what_to_do_in_the_residents_language(app, sale, commune, short, category):
    too_short = _file(app, [], commune=commune, description="court")
    assert too_short.status_int == 400
    assert short in _feedback(too_short)
    form = app.get(f"/{commune}/complaints/new").forms["deform"]
    form["category"].force_value("no-such-category")
    form["description"] = "Nid-de-poule profond devant l'école"
    form["address"] = ADDRESS
    wrong = form.submit("send", status=400)
    messages = " ".join(_feedback(wrong))
    assert category in messages
    choices = [value for value, *_rest in form["category"].options if value]
    assert not any(choice in messages for choice in choices)


@pytest.mark.parametrize(
    ("files", "message"),
    [
        ([("big.jpg", b"\xff\xd8\xff" + b"\0" * (8 * 2**20))], "يتجاوز الملف الحد المسموح به"),
        ([(f"p{i}.png", _picture()) for i in range(6)], "لا يمكن إرفاق أكثر من 5 صور."),
    ],
    ids=["oversized", "six-photos"],
)
def test_a_refused_photo_is_explained_in_arabic(app, sale, files, message):
    response = _file(app, files, commune="rabat")
    assert response.status_int == 400
    assert message in response.text


# --- Files are removed when the transaction does not commit -----------------------------------


def _unit(engine):
    tm = transaction_module.TransactionManager(explicit=True)
    tm.begin()
    return tm, session_in_transaction(make_session_factory(engine), tm)


def _complaint(session, commune_slug: str = "sale") -> Complaint:
    from municipality.tenancy import commune_by_slug

    commune = commune_by_slug(session, commune_slug)
    return filing.file_complaint(
        session,
        actor="tests",
        commune=commune,
        data={
            "category": categories.categories(session)[0],
            "description": "Nid-de-poule",
            "address": "Place",
        },
    )


@pytest.mark.parametrize("outcome", ["abort", "commit"])
def test_stored_files_follow_the_transaction_in_the_database_store(engine, sale, outcome):
    store = DatabaseStore()
    tm, session = _unit(engine)
    complaint = _complaint(session)
    photos.attach(
        session, actor="tests", complaint=complaint, images=[accept_image(_picture())], store=store
    )
    assert len(list(store.keys(session))) == 2
    getattr(tm, outcome)()
    check, session = _unit(engine)
    assert len(list(store.keys(session))) == (0 if outcome == "abort" else 2)
    check.abort()


def test_no_more_than_five_photos_on_one_complaint(engine, sale):
    from municipality.errors import ValidationFailed

    tm, session = _unit(engine)
    complaint = _complaint(session)
    image = accept_image(_picture())
    store = DatabaseStore()
    photos.attach(session, actor="tests", complaint=complaint, images=[image] * 4, store=store)
    with pytest.raises(ValidationFailed):
        photos.attach(session, actor="tests", complaint=complaint, images=[image] * 2, store=store)
    tm.abort()


# --- Serving: the tenant and the complaint are checked ----------------------------------------


def _photo_urls(app, commune="sale"):
    page = _file(app, [("trou.png", _picture())], commune=commune).follow()
    return page.html.select_one("ul.photos a")["href"]


def test_a_photo_of_one_commune_is_not_found_under_another(app, sale):
    public = _photo_urls(app)
    photo_id = public.rsplit("/", 1)[-1]
    assert app.get(public).status_int == 200
    app.get(f"/rabat/complaints/photos/{photo_id}", status=404)
    app.get(f"/rabat/complaints/photos/{photo_id}?size=thumb", status=404)
    app.get("/sale/complaints/photos/not-a-uuid", status=404)


def test_a_photo_changed_in_the_store_is_refused_with_a_clear_page(app, sale, db, caplog):
    public = _photo_urls(app)
    with db() as session:
        photo = session.execute(select(ComplaintPhoto)).scalar_one()
        store = file_store(app.app.registry)
        if isinstance(store, DatabaseStore):
            session.execute(
                update(FileChunk).where(FileChunk.sha256 == photo.sha256).values(data=b"forged")
            )
        else:
            store.path(photo.sha256).write_bytes(b"forged")
    page = app.get(public, status=500)
    assert "Un fichier conservé a été modifié ou endommagé : il est refusé." in page.text
    assert b"forged" not in page.body
    assert f"stored file {photo.sha256} does not match its hash" in caplog.text


def test_staff_photo_route_checks_commune_and_complaint(app, sale):
    photo_id = _photo_urls(app).rsplit("/", 1)[-1]
    _file(app, [])
    factories.log_in(app, "agent@sale.test")
    links = [a["href"] for a in app.get("/c/sale/complaints").html.select("ul.list a")]
    other, owner = links  # newest first: the complaint without a photo, then the one with
    app.get(f"{owner}/photos/{photo_id}", status=200)
    app.get(f"{other}/photos/{photo_id}", status=404)
    app.get(f"{owner.replace('/c/sale/', '/c/rabat/')}/photos/{photo_id}", status=403)


def test_staff_photo_route_needs_a_log_in(app, sale):
    photo_id = _photo_urls(app).rsplit("/", 1)[-1]
    factories.log_in(app, "agent@sale.test")
    owner = app.get("/c/sale/complaints").html.select_one("ul.list a")["href"]
    app.reset()
    response = app.get(f"{owner}/photos/{photo_id}", status="*")
    assert response.status_int in (302, 303, 401, 403)
    assert not response.content_type.startswith("image/")


# --- The public list ----------------------------------------------------------------------


def test_the_public_list_shows_the_problem_and_never_the_person(app, sale, db):
    _file(
        app,
        [("trou.png", _picture())],
        reporter_name=NAME,
        reporter_email=EMAIL,
        reporter_phone=PHONE,
        latitude=str(LATITUDE),
        longitude=str(LONGITUDE),
    )
    page = app.get("/sale/complaints")
    text = page.text
    for personal in (NAME, EMAIL, PHONE, ADDRESS, "Zebrawi", "Zèbres", str(LATITUDE), "6.79856"):
        assert personal not in text, personal
    assert "Voirie" in text
    assert "Service de la voirie" in text
    assert "34.053, -6.799" in text
    thumbnail = page.html.select_one("ul.photos img")["src"]
    assert app.get(thumbnail).content_type == "image/jpeg"


def test_the_public_list_never_shows_the_demo_reporters(app, sale, db):
    with db() as session:
        commune = factories.commune(session, slug="demo-town")
        factories.enable(session, commune, "complaints")
        demo.load_demo(session, commune, "tests", factories.demo_year())
        reporters = session.execute(
            select(Complaint.reporter_name, Complaint.reporter_email, Complaint.reporter_phone)
        ).all()
    people = {value for row in reporters for value in row if value}
    assert people
    pages = [app.get("/demo-town/complaints", {"page": n, "size": "100"}).text for n in (1, 2, 3)]
    assert not [person for person in people if any(person in text for text in pages)]


def test_the_public_list_filters_and_paginates(app, sale, db):
    for _i in range(3):
        _file(app, [])
    page = app.get("/sale/complaints", {"size": "2"})
    assert len(page.html.select("ul.list > li")) == 2
    assert page.html.find("nav", class_="pager")
    assert len(app.get("/sale/complaints", {"state": "open"}).html.select("ul.list > li")) == 3
    assert app.get("/sale/complaints", {"state": "resolved"}).html.find(class_="empty")
    form = next(f for f in app.get("/sale/complaints").forms.values() if "category" in f.fields)
    category = form["category"].options[1][0]
    assert len(app.get("/sale/complaints", {"category": category}).html.select("ul.list > li")) == 3
    assert (
        len(app.get("/sale/complaints", {"category": "nonsense"}).html.select("ul.list > li")) == 3
    )
    assert app.get("/rabat/complaints").html.find(class_="empty")


# --- Demo photos --------------------------------------------------------------------------


def test_the_demo_draws_photos_through_the_application_s_store(db):
    registry = Registry("tests")
    store = DatabaseStore()
    registry[STORE_KEY] = store
    with db() as session:
        commune = factories.commune(session, slug="demo-photos")
        factories.enable(session, commune, "complaints")
        demo.load_demo(session, commune, "tests", factories.demo_year(registry))
        photos = session.execute(select(ComplaintPhoto)).scalars().all()
        keys = set(store.keys(session))
    assert photos
    assert {p.content_type for p in photos} == {"image/jpeg"}
    assert {p.sha256 for p in photos} | {p.thumbnail_sha256 for p in photos} == keys


def test_without_an_image_store_the_demo_has_no_photos(db):
    with db() as session:
        commune = factories.commune(session, slug="demo-bare")
        factories.enable(session, commune, "complaints")
        demo.load_demo(session, commune, "tests", factories.demo_year())
        assert session.execute(select(func.count()).select_from(ComplaintPhoto)).scalar_one() == 0
