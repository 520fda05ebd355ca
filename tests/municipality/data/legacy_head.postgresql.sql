--
-- PostgreSQL database dump
--


-- Dumped from database version 15.20 (Debian 15.20-0+deb12u1)
-- Dumped by pg_dump version 15.20 (Debian 15.20-0+deb12u1)

SET statement_timeout = 0;
SET lock_timeout = 0;
SET idle_in_transaction_session_timeout = 0;
SET client_encoding = 'UTF8';
SET standard_conforming_strings = on;
SELECT pg_catalog.set_config('search_path', '', false);
SET check_function_bodies = false;
SET xmloption = content;
SET client_min_messages = warning;
SET row_security = off;

SET default_tablespace = '';

SET default_table_access_method = heap;

--
-- Name: alembic_version; Type: TABLE; Schema: public; Owner: -
--

CREATE TABLE public.alembic_version (
    version_num character varying(32) NOT NULL
);


--
-- Name: api_tokens; Type: TABLE; Schema: public; Owner: -
--

CREATE TABLE public.api_tokens (
    id integer NOT NULL,
    name character varying(200) NOT NULL,
    prefix character varying(12) NOT NULL,
    token_hash character varying(64) NOT NULL,
    permissions json NOT NULL,
    created_by_id integer,
    revoked_at timestamp with time zone,
    last_used_at timestamp with time zone,
    public_id uuid NOT NULL,
    created_at timestamp with time zone NOT NULL,
    updated_at timestamp with time zone NOT NULL,
    commune_id integer NOT NULL
);


--
-- Name: api_tokens_id_seq; Type: SEQUENCE; Schema: public; Owner: -
--

CREATE SEQUENCE public.api_tokens_id_seq
    AS integer
    START WITH 1
    INCREMENT BY 1
    NO MINVALUE
    NO MAXVALUE
    CACHE 1;


--
-- Name: api_tokens_id_seq; Type: SEQUENCE OWNED BY; Schema: public; Owner: -
--

ALTER SEQUENCE public.api_tokens_id_seq OWNED BY public.api_tokens.id;


--
-- Name: audit_events; Type: TABLE; Schema: public; Owner: -
--

CREATE TABLE public.audit_events (
    id integer NOT NULL,
    chain character varying(64) NOT NULL,
    commune_id integer,
    seq integer NOT NULL,
    actor character varying(254) NOT NULL,
    action character varying(120) NOT NULL,
    object_type character varying(64) NOT NULL,
    object_id character varying(64) NOT NULL,
    changes json NOT NULL,
    occurred_at timestamp with time zone NOT NULL,
    prev_hash character varying(64) NOT NULL,
    hash character varying(64) NOT NULL
);


--
-- Name: audit_events_id_seq; Type: SEQUENCE; Schema: public; Owner: -
--

CREATE SEQUENCE public.audit_events_id_seq
    AS integer
    START WITH 1
    INCREMENT BY 1
    NO MINVALUE
    NO MAXVALUE
    CACHE 1;


--
-- Name: audit_events_id_seq; Type: SEQUENCE OWNED BY; Schema: public; Owner: -
--

ALTER SEQUENCE public.audit_events_id_seq OWNED BY public.audit_events.id;


--
-- Name: audit_heads; Type: TABLE; Schema: public; Owner: -
--

CREATE TABLE public.audit_heads (
    chain character varying(64) NOT NULL,
    seq integer NOT NULL,
    hash character varying(64) NOT NULL
);


--
-- Name: commune_modules; Type: TABLE; Schema: public; Owner: -
--

CREATE TABLE public.commune_modules (
    id integer NOT NULL,
    module character varying(64) NOT NULL,
    enabled boolean NOT NULL,
    changed_at timestamp with time zone NOT NULL,
    commune_id integer NOT NULL
);


--
-- Name: commune_modules_id_seq; Type: SEQUENCE; Schema: public; Owner: -
--

CREATE SEQUENCE public.commune_modules_id_seq
    AS integer
    START WITH 1
    INCREMENT BY 1
    NO MINVALUE
    NO MAXVALUE
    CACHE 1;


--
-- Name: commune_modules_id_seq; Type: SEQUENCE OWNED BY; Schema: public; Owner: -
--

ALTER SEQUENCE public.commune_modules_id_seq OWNED BY public.commune_modules.id;


--
-- Name: communes; Type: TABLE; Schema: public; Owner: -
--

CREATE TABLE public.communes (
    id integer NOT NULL,
    slug character varying(64) NOT NULL,
    region_id integer NOT NULL,
    name_ar character varying(200) NOT NULL,
    name_fr character varying(200) NOT NULL,
    country_profile character varying(2) NOT NULL,
    timezone character varying(64) NOT NULL,
    currency character varying(3) NOT NULL,
    projected_crs character varying(32) NOT NULL,
    languages character varying(32) NOT NULL,
    public_id uuid NOT NULL,
    created_at timestamp with time zone NOT NULL,
    updated_at timestamp with time zone NOT NULL,
    province character varying(200)
);


--
-- Name: communes_id_seq; Type: SEQUENCE; Schema: public; Owner: -
--

CREATE SEQUENCE public.communes_id_seq
    AS integer
    START WITH 1
    INCREMENT BY 1
    NO MINVALUE
    NO MAXVALUE
    CACHE 1;


--
-- Name: communes_id_seq; Type: SEQUENCE OWNED BY; Schema: public; Owner: -
--

ALTER SEQUENCE public.communes_id_seq OWNED BY public.communes.id;


--
-- Name: complaint_categories; Type: TABLE; Schema: public; Owner: -
--

CREATE TABLE public.complaint_categories (
    id integer NOT NULL,
    code character varying(32) NOT NULL,
    name_fr character varying(200) NOT NULL,
    name_ar character varying(200) NOT NULL,
    department character varying(200) NOT NULL,
    hours_to_acknowledge integer NOT NULL,
    days_to_resolve integer NOT NULL,
    active boolean NOT NULL,
    public_id uuid NOT NULL,
    created_at timestamp with time zone NOT NULL,
    updated_at timestamp with time zone NOT NULL,
    commune_id integer NOT NULL
);


--
-- Name: complaint_categories_id_seq; Type: SEQUENCE; Schema: public; Owner: -
--

CREATE SEQUENCE public.complaint_categories_id_seq
    AS integer
    START WITH 1
    INCREMENT BY 1
    NO MINVALUE
    NO MAXVALUE
    CACHE 1;


--
-- Name: complaint_categories_id_seq; Type: SEQUENCE OWNED BY; Schema: public; Owner: -
--

ALTER SEQUENCE public.complaint_categories_id_seq OWNED BY public.complaint_categories.id;


--
-- Name: complaint_events; Type: TABLE; Schema: public; Owner: -
--

CREATE TABLE public.complaint_events (
    id integer NOT NULL,
    complaint_id integer NOT NULL,
    kind character varying(16) NOT NULL,
    body text NOT NULL,
    author character varying(254) NOT NULL,
    created_at timestamp with time zone NOT NULL,
    updated_at timestamp with time zone NOT NULL,
    commune_id integer NOT NULL
);


--
-- Name: complaint_events_id_seq; Type: SEQUENCE; Schema: public; Owner: -
--

CREATE SEQUENCE public.complaint_events_id_seq
    AS integer
    START WITH 1
    INCREMENT BY 1
    NO MINVALUE
    NO MAXVALUE
    CACHE 1;


--
-- Name: complaint_events_id_seq; Type: SEQUENCE OWNED BY; Schema: public; Owner: -
--

ALTER SEQUENCE public.complaint_events_id_seq OWNED BY public.complaint_events.id;


--
-- Name: complaint_photos; Type: TABLE; Schema: public; Owner: -
--

CREATE TABLE public.complaint_photos (
    id integer NOT NULL,
    complaint_id integer NOT NULL,
    image_key character varying(64) NOT NULL,
    thumbnail_key character varying(64) NOT NULL,
    content_type character varying(32) NOT NULL,
    width integer NOT NULL,
    height integer NOT NULL,
    sha256 character varying(64) NOT NULL,
    "position" integer NOT NULL,
    public_id uuid NOT NULL,
    created_at timestamp with time zone NOT NULL,
    updated_at timestamp with time zone NOT NULL,
    commune_id integer NOT NULL
);


--
-- Name: complaint_photos_id_seq; Type: SEQUENCE; Schema: public; Owner: -
--

CREATE SEQUENCE public.complaint_photos_id_seq
    AS integer
    START WITH 1
    INCREMENT BY 1
    NO MINVALUE
    NO MAXVALUE
    CACHE 1;


--
-- Name: complaint_photos_id_seq; Type: SEQUENCE OWNED BY; Schema: public; Owner: -
--

ALTER SEQUENCE public.complaint_photos_id_seq OWNED BY public.complaint_photos.id;


--
-- Name: complaints; Type: TABLE; Schema: public; Owner: -
--

CREATE TABLE public.complaints (
    id integer NOT NULL,
    tracking_code character varying(16) NOT NULL,
    kind character varying(16) NOT NULL,
    channel character varying(16) NOT NULL,
    category_id integer NOT NULL,
    description text NOT NULL,
    latitude double precision,
    longitude double precision,
    address character varying(300),
    reporter_name character varying(200),
    reporter_email character varying(254),
    reporter_phone character varying(32),
    state character varying(16) NOT NULL,
    acknowledge_due_at timestamp with time zone NOT NULL,
    resolve_due_at timestamp with time zone NOT NULL,
    resolved_at timestamp with time zone,
    rejection_reason text,
    assignee_id integer,
    public_id uuid NOT NULL,
    created_at timestamp with time zone NOT NULL,
    updated_at timestamp with time zone NOT NULL,
    commune_id integer NOT NULL,
    merged_into_id integer,
    reporter_user_id integer,
    contact_mode character varying(16),
    outside_area boolean DEFAULT false NOT NULL,
    rating integer,
    rating_comment text,
    rated_at timestamp with time zone,
    CONSTRAINT ck_complaints_rating_range CHECK (((rating >= 1) AND (rating <= 5)))
);


--
-- Name: complaints_id_seq; Type: SEQUENCE; Schema: public; Owner: -
--

CREATE SEQUENCE public.complaints_id_seq
    AS integer
    START WITH 1
    INCREMENT BY 1
    NO MINVALUE
    NO MAXVALUE
    CACHE 1;


--
-- Name: complaints_id_seq; Type: SEQUENCE OWNED BY; Schema: public; Owner: -
--

ALTER SEQUENCE public.complaints_id_seq OWNED BY public.complaints.id;


--
-- Name: consolidation_campaigns; Type: TABLE; Schema: public; Owner: -
--

CREATE TABLE public.consolidation_campaigns (
    id integer NOT NULL,
    region_id integer NOT NULL,
    set_id integer NOT NULL,
    set_version_id integer NOT NULL,
    period character varying(8) NOT NULL,
    deadline date NOT NULL,
    created_by character varying(254) NOT NULL,
    closed_at timestamp with time zone,
    public_id uuid NOT NULL,
    created_at timestamp with time zone NOT NULL,
    updated_at timestamp with time zone NOT NULL
);


--
-- Name: consolidation_campaigns_id_seq; Type: SEQUENCE; Schema: public; Owner: -
--

CREATE SEQUENCE public.consolidation_campaigns_id_seq
    AS integer
    START WITH 1
    INCREMENT BY 1
    NO MINVALUE
    NO MAXVALUE
    CACHE 1;


--
-- Name: consolidation_campaigns_id_seq; Type: SEQUENCE OWNED BY; Schema: public; Owner: -
--

ALTER SEQUENCE public.consolidation_campaigns_id_seq OWNED BY public.consolidation_campaigns.id;


--
-- Name: consolidation_returns; Type: TABLE; Schema: public; Owner: -
--

CREATE TABLE public.consolidation_returns (
    id integer NOT NULL,
    campaign_id integer NOT NULL,
    version integer NOT NULL,
    "values" json NOT NULL,
    computed json NOT NULL,
    channel character varying(16) NOT NULL,
    file_name character varying(255),
    file_sha256 character varying(64),
    submitted_by character varying(254) NOT NULL,
    submitted_by_id integer,
    submitted_at timestamp with time zone NOT NULL,
    note text,
    public_id uuid NOT NULL,
    commune_id integer NOT NULL
);


--
-- Name: consolidation_returns_id_seq; Type: SEQUENCE; Schema: public; Owner: -
--

CREATE SEQUENCE public.consolidation_returns_id_seq
    AS integer
    START WITH 1
    INCREMENT BY 1
    NO MINVALUE
    NO MAXVALUE
    CACHE 1;


--
-- Name: consolidation_returns_id_seq; Type: SEQUENCE OWNED BY; Schema: public; Owner: -
--

ALTER SEQUENCE public.consolidation_returns_id_seq OWNED BY public.consolidation_returns.id;


--
-- Name: consolidation_set_versions; Type: TABLE; Schema: public; Owner: -
--

CREATE TABLE public.consolidation_set_versions (
    id integer NOT NULL,
    set_id integer NOT NULL,
    number integer NOT NULL,
    definition json NOT NULL,
    created_by character varying(254) NOT NULL,
    public_id uuid NOT NULL,
    created_at timestamp with time zone NOT NULL,
    updated_at timestamp with time zone NOT NULL
);


--
-- Name: consolidation_set_versions_id_seq; Type: SEQUENCE; Schema: public; Owner: -
--

CREATE SEQUENCE public.consolidation_set_versions_id_seq
    AS integer
    START WITH 1
    INCREMENT BY 1
    NO MINVALUE
    NO MAXVALUE
    CACHE 1;


--
-- Name: consolidation_set_versions_id_seq; Type: SEQUENCE OWNED BY; Schema: public; Owner: -
--

ALTER SEQUENCE public.consolidation_set_versions_id_seq OWNED BY public.consolidation_set_versions.id;


--
-- Name: consolidation_sets; Type: TABLE; Schema: public; Owner: -
--

CREATE TABLE public.consolidation_sets (
    id integer NOT NULL,
    region_id integer,
    code character varying(64) NOT NULL,
    title_fr character varying(200) NOT NULL,
    title_ar character varying(200) NOT NULL,
    frequency character varying(8) NOT NULL,
    public_id uuid NOT NULL,
    created_at timestamp with time zone NOT NULL,
    updated_at timestamp with time zone NOT NULL
);


--
-- Name: consolidation_sets_id_seq; Type: SEQUENCE; Schema: public; Owner: -
--

CREATE SEQUENCE public.consolidation_sets_id_seq
    AS integer
    START WITH 1
    INCREMENT BY 1
    NO MINVALUE
    NO MAXVALUE
    CACHE 1;


--
-- Name: consolidation_sets_id_seq; Type: SEQUENCE OWNED BY; Schema: public; Owner: -
--

ALTER SEQUENCE public.consolidation_sets_id_seq OWNED BY public.consolidation_sets.id;


--
-- Name: gis_buildability_runs; Type: TABLE; Schema: public; Owner: -
--

CREATE TABLE public.gis_buildability_runs (
    id integer NOT NULL,
    plan_id integer NOT NULL,
    on_date date NOT NULL,
    state character varying(16) NOT NULL,
    parcel_count integer NOT NULL,
    summary json NOT NULL,
    actor character varying(254) NOT NULL,
    finished_at timestamp with time zone,
    public_id uuid NOT NULL,
    created_at timestamp with time zone NOT NULL,
    updated_at timestamp with time zone NOT NULL,
    commune_id integer NOT NULL
);


--
-- Name: gis_buildability_runs_id_seq; Type: SEQUENCE; Schema: public; Owner: -
--

CREATE SEQUENCE public.gis_buildability_runs_id_seq
    AS integer
    START WITH 1
    INCREMENT BY 1
    NO MINVALUE
    NO MAXVALUE
    CACHE 1;


--
-- Name: gis_buildability_runs_id_seq; Type: SEQUENCE OWNED BY; Schema: public; Owner: -
--

ALTER SEQUENCE public.gis_buildability_runs_id_seq OWNED BY public.gis_buildability_runs.id;


--
-- Name: gis_commune_boundaries; Type: TABLE; Schema: public; Owner: -
--

CREATE TABLE public.gis_commune_boundaries (
    id integer NOT NULL,
    source character varying(255) NOT NULL,
    import_run_id integer,
    geom public.geometry NOT NULL,
    geom_4326 public.geometry(Geometry,4326) NOT NULL,
    created_at timestamp with time zone NOT NULL,
    updated_at timestamp with time zone NOT NULL,
    commune_id integer NOT NULL
);


--
-- Name: gis_commune_boundaries_id_seq; Type: SEQUENCE; Schema: public; Owner: -
--

CREATE SEQUENCE public.gis_commune_boundaries_id_seq
    AS integer
    START WITH 1
    INCREMENT BY 1
    NO MINVALUE
    NO MAXVALUE
    CACHE 1;


--
-- Name: gis_commune_boundaries_id_seq; Type: SEQUENCE OWNED BY; Schema: public; Owner: -
--

ALTER SEQUENCE public.gis_commune_boundaries_id_seq OWNED BY public.gis_commune_boundaries.id;


--
-- Name: gis_import_runs; Type: TABLE; Schema: public; Owner: -
--

CREATE TABLE public.gis_import_runs (
    id integer NOT NULL,
    kind character varying(16) NOT NULL,
    state character varying(16) NOT NULL,
    progress integer NOT NULL,
    filename character varying(255) NOT NULL,
    file_key character varying(255),
    size_bytes integer NOT NULL,
    options json NOT NULL,
    report json NOT NULL,
    feature_count integer NOT NULL,
    actor character varying(254) NOT NULL,
    finished_at timestamp with time zone,
    public_id uuid NOT NULL,
    created_at timestamp with time zone NOT NULL,
    updated_at timestamp with time zone NOT NULL,
    commune_id integer NOT NULL
);


--
-- Name: gis_import_runs_id_seq; Type: SEQUENCE; Schema: public; Owner: -
--

CREATE SEQUENCE public.gis_import_runs_id_seq
    AS integer
    START WITH 1
    INCREMENT BY 1
    NO MINVALUE
    NO MAXVALUE
    CACHE 1;


--
-- Name: gis_import_runs_id_seq; Type: SEQUENCE OWNED BY; Schema: public; Owner: -
--

ALTER SEQUENCE public.gis_import_runs_id_seq OWNED BY public.gis_import_runs.id;


--
-- Name: gis_parcel_buildability; Type: TABLE; Schema: public; Owner: -
--

CREATE TABLE public.gis_parcel_buildability (
    id integer NOT NULL,
    run_id integer NOT NULL,
    parcel_id integer NOT NULL,
    reference character varying(64) NOT NULL,
    area_m2 double precision NOT NULL,
    zone_codes json NOT NULL,
    buildable boolean NOT NULL,
    max_footprint_m2 double precision,
    max_floor_area_m2 double precision,
    max_height_m double precision,
    allowed_uses json NOT NULL,
    constraints json NOT NULL,
    geom_4326 public.geometry(Geometry,4326) NOT NULL,
    public_id uuid NOT NULL,
    commune_id integer NOT NULL,
    frontage_m double precision,
    meets_min_frontage boolean
);


--
-- Name: gis_parcel_buildability_id_seq; Type: SEQUENCE; Schema: public; Owner: -
--

CREATE SEQUENCE public.gis_parcel_buildability_id_seq
    AS integer
    START WITH 1
    INCREMENT BY 1
    NO MINVALUE
    NO MAXVALUE
    CACHE 1;


--
-- Name: gis_parcel_buildability_id_seq; Type: SEQUENCE OWNED BY; Schema: public; Owner: -
--

ALTER SEQUENCE public.gis_parcel_buildability_id_seq OWNED BY public.gis_parcel_buildability.id;


--
-- Name: gis_parcels; Type: TABLE; Schema: public; Owner: -
--

CREATE TABLE public.gis_parcels (
    id integer NOT NULL,
    reference character varying(64) NOT NULL,
    area_m2 double precision NOT NULL,
    owner character varying(200),
    import_run_id integer,
    geom public.geometry NOT NULL,
    geom_4326 public.geometry(Geometry,4326) NOT NULL,
    public_id uuid NOT NULL,
    created_at timestamp with time zone NOT NULL,
    updated_at timestamp with time zone NOT NULL,
    commune_id integer NOT NULL,
    frontage_m double precision
);


--
-- Name: gis_parcels_id_seq; Type: SEQUENCE; Schema: public; Owner: -
--

CREATE SEQUENCE public.gis_parcels_id_seq
    AS integer
    START WITH 1
    INCREMENT BY 1
    NO MINVALUE
    NO MAXVALUE
    CACHE 1;


--
-- Name: gis_parcels_id_seq; Type: SEQUENCE OWNED BY; Schema: public; Owner: -
--

ALTER SEQUENCE public.gis_parcels_id_seq OWNED BY public.gis_parcels.id;


--
-- Name: gis_servitude_layers; Type: TABLE; Schema: public; Owner: -
--

CREATE TABLE public.gis_servitude_layers (
    id integer NOT NULL,
    name character varying(200) NOT NULL,
    kind character varying(32) NOT NULL,
    effect character varying(32) NOT NULL,
    height_limit_m double precision,
    agency character varying(200) NOT NULL,
    source text NOT NULL,
    import_run_id integer,
    public_id uuid NOT NULL,
    created_at timestamp with time zone NOT NULL,
    updated_at timestamp with time zone NOT NULL,
    commune_id integer NOT NULL
);


--
-- Name: gis_servitude_layers_id_seq; Type: SEQUENCE; Schema: public; Owner: -
--

CREATE SEQUENCE public.gis_servitude_layers_id_seq
    AS integer
    START WITH 1
    INCREMENT BY 1
    NO MINVALUE
    NO MAXVALUE
    CACHE 1;


--
-- Name: gis_servitude_layers_id_seq; Type: SEQUENCE OWNED BY; Schema: public; Owner: -
--

ALTER SEQUENCE public.gis_servitude_layers_id_seq OWNED BY public.gis_servitude_layers.id;


--
-- Name: gis_servitudes; Type: TABLE; Schema: public; Owner: -
--

CREATE TABLE public.gis_servitudes (
    id integer NOT NULL,
    layer_id integer NOT NULL,
    label character varying(200) NOT NULL,
    geom public.geometry NOT NULL,
    geom_4326 public.geometry(Geometry,4326) NOT NULL,
    public_id uuid NOT NULL,
    created_at timestamp with time zone NOT NULL,
    updated_at timestamp with time zone NOT NULL,
    commune_id integer NOT NULL
);


--
-- Name: gis_servitudes_id_seq; Type: SEQUENCE; Schema: public; Owner: -
--

CREATE SEQUENCE public.gis_servitudes_id_seq
    AS integer
    START WITH 1
    INCREMENT BY 1
    NO MINVALUE
    NO MAXVALUE
    CACHE 1;


--
-- Name: gis_servitudes_id_seq; Type: SEQUENCE OWNED BY; Schema: public; Owner: -
--

ALTER SEQUENCE public.gis_servitudes_id_seq OWNED BY public.gis_servitudes.id;


--
-- Name: gis_zone_rules; Type: TABLE; Schema: public; Owner: -
--

CREATE TABLE public.gis_zone_rules (
    id integer NOT NULL,
    plan_id integer NOT NULL,
    zone_code character varying(32) NOT NULL,
    allowed_uses json NOT NULL,
    forbidden_uses json NOT NULL,
    max_height_m double precision,
    max_floors integer,
    max_footprint_ratio double precision,
    max_floor_area_ratio double precision,
    min_parcel_area_m2 double precision,
    min_frontage_m double precision,
    setback_road_m double precision,
    setback_neighbour_m double precision,
    source_text text NOT NULL,
    public_id uuid NOT NULL,
    created_at timestamp with time zone NOT NULL,
    updated_at timestamp with time zone NOT NULL,
    commune_id integer NOT NULL
);


--
-- Name: gis_zone_rules_id_seq; Type: SEQUENCE; Schema: public; Owner: -
--

CREATE SEQUENCE public.gis_zone_rules_id_seq
    AS integer
    START WITH 1
    INCREMENT BY 1
    NO MINVALUE
    NO MAXVALUE
    CACHE 1;


--
-- Name: gis_zone_rules_id_seq; Type: SEQUENCE OWNED BY; Schema: public; Owner: -
--

ALTER SEQUENCE public.gis_zone_rules_id_seq OWNED BY public.gis_zone_rules.id;


--
-- Name: gis_zones; Type: TABLE; Schema: public; Owner: -
--

CREATE TABLE public.gis_zones (
    id integer NOT NULL,
    plan_id integer NOT NULL,
    code character varying(32) NOT NULL,
    label character varying(200) NOT NULL,
    geom public.geometry NOT NULL,
    geom_4326 public.geometry(Geometry,4326) NOT NULL,
    public_id uuid NOT NULL,
    created_at timestamp with time zone NOT NULL,
    updated_at timestamp with time zone NOT NULL,
    commune_id integer NOT NULL
);


--
-- Name: gis_zones_id_seq; Type: SEQUENCE; Schema: public; Owner: -
--

CREATE SEQUENCE public.gis_zones_id_seq
    AS integer
    START WITH 1
    INCREMENT BY 1
    NO MINVALUE
    NO MAXVALUE
    CACHE 1;


--
-- Name: gis_zones_id_seq; Type: SEQUENCE OWNED BY; Schema: public; Owner: -
--

ALTER SEQUENCE public.gis_zones_id_seq OWNED BY public.gis_zones.id;


--
-- Name: gis_zoning_plans; Type: TABLE; Schema: public; Owner: -
--

CREATE TABLE public.gis_zoning_plans (
    id integer NOT NULL,
    name character varying(200) NOT NULL,
    reference character varying(64) NOT NULL,
    in_force_from date NOT NULL,
    in_force_until date,
    source_crs character varying(32) NOT NULL,
    import_run_id integer,
    public_id uuid NOT NULL,
    created_at timestamp with time zone NOT NULL,
    updated_at timestamp with time zone NOT NULL,
    commune_id integer NOT NULL
);


--
-- Name: gis_zoning_plans_id_seq; Type: SEQUENCE; Schema: public; Owner: -
--

CREATE SEQUENCE public.gis_zoning_plans_id_seq
    AS integer
    START WITH 1
    INCREMENT BY 1
    NO MINVALUE
    NO MAXVALUE
    CACHE 1;


--
-- Name: gis_zoning_plans_id_seq; Type: SEQUENCE OWNED BY; Schema: public; Owner: -
--

ALTER SEQUENCE public.gis_zoning_plans_id_seq OWNED BY public.gis_zoning_plans.id;


--
-- Name: idempotency_records; Type: TABLE; Schema: public; Owner: -
--

CREATE TABLE public.idempotency_records (
    id integer NOT NULL,
    client character varying(80) NOT NULL,
    key character varying(200) NOT NULL,
    request_hash character varying(64) NOT NULL,
    status integer,
    body text,
    created_at timestamp with time zone NOT NULL,
    headers json
);


--
-- Name: idempotency_records_id_seq; Type: SEQUENCE; Schema: public; Owner: -
--

CREATE SEQUENCE public.idempotency_records_id_seq
    AS integer
    START WITH 1
    INCREMENT BY 1
    NO MINVALUE
    NO MAXVALUE
    CACHE 1;


--
-- Name: idempotency_records_id_seq; Type: SEQUENCE OWNED BY; Schema: public; Owner: -
--

ALTER SEQUENCE public.idempotency_records_id_seq OWNED BY public.idempotency_records.id;


--
-- Name: job_runs; Type: TABLE; Schema: public; Owner: -
--

CREATE TABLE public.job_runs (
    id integer NOT NULL,
    job character varying(120) NOT NULL,
    tick timestamp with time zone NOT NULL,
    runner character varying(120) NOT NULL,
    finished_at timestamp with time zone,
    error text
);


--
-- Name: job_runs_id_seq; Type: SEQUENCE; Schema: public; Owner: -
--

CREATE SEQUENCE public.job_runs_id_seq
    AS integer
    START WITH 1
    INCREMENT BY 1
    NO MINVALUE
    NO MAXVALUE
    CACHE 1;


--
-- Name: job_runs_id_seq; Type: SEQUENCE OWNED BY; Schema: public; Owner: -
--

ALTER SEQUENCE public.job_runs_id_seq OWNED BY public.job_runs.id;


--
-- Name: memberships; Type: TABLE; Schema: public; Owner: -
--

CREATE TABLE public.memberships (
    id integer NOT NULL,
    user_id integer NOT NULL,
    role character varying(40) NOT NULL,
    commune_id integer,
    region_id integer
);


--
-- Name: memberships_id_seq; Type: SEQUENCE; Schema: public; Owner: -
--

CREATE SEQUENCE public.memberships_id_seq
    AS integer
    START WITH 1
    INCREMENT BY 1
    NO MINVALUE
    NO MAXVALUE
    CACHE 1;


--
-- Name: memberships_id_seq; Type: SEQUENCE OWNED BY; Schema: public; Owner: -
--

ALTER SEQUENCE public.memberships_id_seq OWNED BY public.memberships.id;


--
-- Name: notices; Type: TABLE; Schema: public; Owner: -
--

CREATE TABLE public.notices (
    id integer NOT NULL,
    title character varying(200) NOT NULL,
    body text NOT NULL,
    language character varying(8) NOT NULL,
    state character varying(16) NOT NULL,
    published_at timestamp with time zone,
    expires_on date,
    author_id integer,
    public_id uuid NOT NULL,
    created_at timestamp with time zone NOT NULL,
    updated_at timestamp with time zone NOT NULL,
    commune_id integer NOT NULL
);


--
-- Name: notices_id_seq; Type: SEQUENCE; Schema: public; Owner: -
--

CREATE SEQUENCE public.notices_id_seq
    AS integer
    START WITH 1
    INCREMENT BY 1
    NO MINVALUE
    NO MAXVALUE
    CACHE 1;


--
-- Name: notices_id_seq; Type: SEQUENCE OWNED BY; Schema: public; Owner: -
--

ALTER SEQUENCE public.notices_id_seq OWNED BY public.notices.id;


--
-- Name: outbox; Type: TABLE; Schema: public; Owner: -
--

CREATE TABLE public.outbox (
    id integer NOT NULL,
    public_id uuid NOT NULL,
    commune_id integer,
    destination character varying(64) NOT NULL,
    payload json NOT NULL,
    idempotency_key character varying(200) NOT NULL,
    state character varying(16) NOT NULL,
    attempts integer NOT NULL,
    next_attempt_at timestamp with time zone NOT NULL,
    last_error text,
    created_at timestamp with time zone NOT NULL,
    delivered_at timestamp with time zone,
    ordering_key character varying(200)
);


--
-- Name: outbox_id_seq; Type: SEQUENCE; Schema: public; Owner: -
--

CREATE SEQUENCE public.outbox_id_seq
    AS integer
    START WITH 1
    INCREMENT BY 1
    NO MINVALUE
    NO MAXVALUE
    CACHE 1;


--
-- Name: outbox_id_seq; Type: SEQUENCE OWNED BY; Schema: public; Owner: -
--

ALTER SEQUENCE public.outbox_id_seq OWNED BY public.outbox.id;


--
-- Name: password_reset_tokens; Type: TABLE; Schema: public; Owner: -
--

CREATE TABLE public.password_reset_tokens (
    id integer NOT NULL,
    user_id integer NOT NULL,
    token_hash character varying(64) NOT NULL,
    expires_at timestamp with time zone NOT NULL,
    used_at timestamp with time zone
);


--
-- Name: password_reset_tokens_id_seq; Type: SEQUENCE; Schema: public; Owner: -
--

CREATE SEQUENCE public.password_reset_tokens_id_seq
    AS integer
    START WITH 1
    INCREMENT BY 1
    NO MINVALUE
    NO MAXVALUE
    CACHE 1;


--
-- Name: password_reset_tokens_id_seq; Type: SEQUENCE OWNED BY; Schema: public; Owner: -
--

ALTER SEQUENCE public.password_reset_tokens_id_seq OWNED BY public.password_reset_tokens.id;


--
-- Name: recovery_codes; Type: TABLE; Schema: public; Owner: -
--

CREATE TABLE public.recovery_codes (
    id integer NOT NULL,
    user_id integer NOT NULL,
    code_hash character varying(64) NOT NULL,
    used_at timestamp with time zone
);


--
-- Name: recovery_codes_id_seq; Type: SEQUENCE; Schema: public; Owner: -
--

CREATE SEQUENCE public.recovery_codes_id_seq
    AS integer
    START WITH 1
    INCREMENT BY 1
    NO MINVALUE
    NO MAXVALUE
    CACHE 1;


--
-- Name: recovery_codes_id_seq; Type: SEQUENCE OWNED BY; Schema: public; Owner: -
--

ALTER SEQUENCE public.recovery_codes_id_seq OWNED BY public.recovery_codes.id;


--
-- Name: regions; Type: TABLE; Schema: public; Owner: -
--

CREATE TABLE public.regions (
    id integer NOT NULL,
    slug character varying(64) NOT NULL,
    name_ar character varying(200) NOT NULL,
    name_fr character varying(200) NOT NULL,
    country character varying(2) NOT NULL,
    public_id uuid NOT NULL,
    created_at timestamp with time zone NOT NULL,
    updated_at timestamp with time zone NOT NULL
);


--
-- Name: regions_id_seq; Type: SEQUENCE; Schema: public; Owner: -
--

CREATE SEQUENCE public.regions_id_seq
    AS integer
    START WITH 1
    INCREMENT BY 1
    NO MINVALUE
    NO MAXVALUE
    CACHE 1;


--
-- Name: regions_id_seq; Type: SEQUENCE OWNED BY; Schema: public; Owner: -
--

ALTER SEQUENCE public.regions_id_seq OWNED BY public.regions.id;


--
-- Name: sync_attempts; Type: TABLE; Schema: public; Owner: -
--

CREATE TABLE public.sync_attempts (
    id integer NOT NULL,
    outbox_id integer NOT NULL,
    platform character varying(32) NOT NULL,
    worker character varying(120) NOT NULL,
    attempted_at timestamp with time zone NOT NULL,
    outcome character varying(16) NOT NULL,
    remote_id character varying(120),
    duration_ms integer NOT NULL,
    error text,
    commune_id integer NOT NULL
);


--
-- Name: sync_attempts_id_seq; Type: SEQUENCE; Schema: public; Owner: -
--

CREATE SEQUENCE public.sync_attempts_id_seq
    AS integer
    START WITH 1
    INCREMENT BY 1
    NO MINVALUE
    NO MAXVALUE
    CACHE 1;


--
-- Name: sync_attempts_id_seq; Type: SEQUENCE OWNED BY; Schema: public; Owner: -
--

ALTER SEQUENCE public.sync_attempts_id_seq OWNED BY public.sync_attempts.id;


--
-- Name: sync_connections; Type: TABLE; Schema: public; Owner: -
--

CREATE TABLE public.sync_connections (
    id integer NOT NULL,
    platform character varying(32) NOT NULL,
    base_url character varying(500) NOT NULL,
    client_id character varying(120) NOT NULL,
    key_id character varying(120) NOT NULL,
    secret_sealed text,
    previous_key_id character varying(120),
    previous_secret_sealed text,
    paused boolean NOT NULL,
    public_id uuid NOT NULL,
    created_at timestamp with time zone NOT NULL,
    updated_at timestamp with time zone NOT NULL,
    commune_id integer NOT NULL
);


--
-- Name: sync_connections_id_seq; Type: SEQUENCE; Schema: public; Owner: -
--

CREATE SEQUENCE public.sync_connections_id_seq
    AS integer
    START WITH 1
    INCREMENT BY 1
    NO MINVALUE
    NO MAXVALUE
    CACHE 1;


--
-- Name: sync_connections_id_seq; Type: SEQUENCE OWNED BY; Schema: public; Owner: -
--

ALTER SEQUENCE public.sync_connections_id_seq OWNED BY public.sync_connections.id;


--
-- Name: sync_lanes; Type: TABLE; Schema: public; Owner: -
--

CREATE TABLE public.sync_lanes (
    id integer NOT NULL,
    platform character varying(32) NOT NULL,
    breaker character varying(16) NOT NULL,
    failures integer NOT NULL,
    open_until timestamp with time zone,
    tokens double precision,
    tokens_at timestamp with time zone NOT NULL,
    delivered_total bigint NOT NULL,
    latency_sum double precision NOT NULL,
    latency_buckets json NOT NULL,
    last_success_at timestamp with time zone,
    last_failure_at timestamp with time zone,
    commune_id integer NOT NULL
);


--
-- Name: sync_lanes_id_seq; Type: SEQUENCE; Schema: public; Owner: -
--

CREATE SEQUENCE public.sync_lanes_id_seq
    AS integer
    START WITH 1
    INCREMENT BY 1
    NO MINVALUE
    NO MAXVALUE
    CACHE 1;


--
-- Name: sync_lanes_id_seq; Type: SEQUENCE OWNED BY; Schema: public; Owner: -
--

ALTER SEQUENCE public.sync_lanes_id_seq OWNED BY public.sync_lanes.id;


--
-- Name: users; Type: TABLE; Schema: public; Owner: -
--

CREATE TABLE public.users (
    id integer NOT NULL,
    email character varying(254) NOT NULL,
    full_name character varying(200) NOT NULL,
    password_hash character varying(255) NOT NULL,
    locale character varying(8),
    is_platform_admin boolean NOT NULL,
    is_active boolean NOT NULL,
    totp_secret character varying(64),
    failed_logins integer NOT NULL,
    locked_until timestamp with time zone,
    password_changed_at timestamp with time zone NOT NULL,
    public_id uuid NOT NULL,
    created_at timestamp with time zone NOT NULL,
    updated_at timestamp with time zone NOT NULL
);


--
-- Name: users_id_seq; Type: SEQUENCE; Schema: public; Owner: -
--

CREATE SEQUENCE public.users_id_seq
    AS integer
    START WITH 1
    INCREMENT BY 1
    NO MINVALUE
    NO MAXVALUE
    CACHE 1;


--
-- Name: users_id_seq; Type: SEQUENCE OWNED BY; Schema: public; Owner: -
--

ALTER SEQUENCE public.users_id_seq OWNED BY public.users.id;


--
-- Name: api_tokens id; Type: DEFAULT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.api_tokens ALTER COLUMN id SET DEFAULT nextval('public.api_tokens_id_seq'::regclass);


--
-- Name: audit_events id; Type: DEFAULT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.audit_events ALTER COLUMN id SET DEFAULT nextval('public.audit_events_id_seq'::regclass);


--
-- Name: commune_modules id; Type: DEFAULT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.commune_modules ALTER COLUMN id SET DEFAULT nextval('public.commune_modules_id_seq'::regclass);


--
-- Name: communes id; Type: DEFAULT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.communes ALTER COLUMN id SET DEFAULT nextval('public.communes_id_seq'::regclass);


--
-- Name: complaint_categories id; Type: DEFAULT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.complaint_categories ALTER COLUMN id SET DEFAULT nextval('public.complaint_categories_id_seq'::regclass);


--
-- Name: complaint_events id; Type: DEFAULT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.complaint_events ALTER COLUMN id SET DEFAULT nextval('public.complaint_events_id_seq'::regclass);


--
-- Name: complaint_photos id; Type: DEFAULT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.complaint_photos ALTER COLUMN id SET DEFAULT nextval('public.complaint_photos_id_seq'::regclass);


--
-- Name: complaints id; Type: DEFAULT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.complaints ALTER COLUMN id SET DEFAULT nextval('public.complaints_id_seq'::regclass);


--
-- Name: consolidation_campaigns id; Type: DEFAULT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.consolidation_campaigns ALTER COLUMN id SET DEFAULT nextval('public.consolidation_campaigns_id_seq'::regclass);


--
-- Name: consolidation_returns id; Type: DEFAULT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.consolidation_returns ALTER COLUMN id SET DEFAULT nextval('public.consolidation_returns_id_seq'::regclass);


--
-- Name: consolidation_set_versions id; Type: DEFAULT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.consolidation_set_versions ALTER COLUMN id SET DEFAULT nextval('public.consolidation_set_versions_id_seq'::regclass);


--
-- Name: consolidation_sets id; Type: DEFAULT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.consolidation_sets ALTER COLUMN id SET DEFAULT nextval('public.consolidation_sets_id_seq'::regclass);


--
-- Name: gis_buildability_runs id; Type: DEFAULT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.gis_buildability_runs ALTER COLUMN id SET DEFAULT nextval('public.gis_buildability_runs_id_seq'::regclass);


--
-- Name: gis_commune_boundaries id; Type: DEFAULT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.gis_commune_boundaries ALTER COLUMN id SET DEFAULT nextval('public.gis_commune_boundaries_id_seq'::regclass);


--
-- Name: gis_import_runs id; Type: DEFAULT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.gis_import_runs ALTER COLUMN id SET DEFAULT nextval('public.gis_import_runs_id_seq'::regclass);


--
-- Name: gis_parcel_buildability id; Type: DEFAULT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.gis_parcel_buildability ALTER COLUMN id SET DEFAULT nextval('public.gis_parcel_buildability_id_seq'::regclass);


--
-- Name: gis_parcels id; Type: DEFAULT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.gis_parcels ALTER COLUMN id SET DEFAULT nextval('public.gis_parcels_id_seq'::regclass);


--
-- Name: gis_servitude_layers id; Type: DEFAULT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.gis_servitude_layers ALTER COLUMN id SET DEFAULT nextval('public.gis_servitude_layers_id_seq'::regclass);


--
-- Name: gis_servitudes id; Type: DEFAULT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.gis_servitudes ALTER COLUMN id SET DEFAULT nextval('public.gis_servitudes_id_seq'::regclass);


--
-- Name: gis_zone_rules id; Type: DEFAULT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.gis_zone_rules ALTER COLUMN id SET DEFAULT nextval('public.gis_zone_rules_id_seq'::regclass);


--
-- Name: gis_zones id; Type: DEFAULT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.gis_zones ALTER COLUMN id SET DEFAULT nextval('public.gis_zones_id_seq'::regclass);


--
-- Name: gis_zoning_plans id; Type: DEFAULT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.gis_zoning_plans ALTER COLUMN id SET DEFAULT nextval('public.gis_zoning_plans_id_seq'::regclass);


--
-- Name: idempotency_records id; Type: DEFAULT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.idempotency_records ALTER COLUMN id SET DEFAULT nextval('public.idempotency_records_id_seq'::regclass);


--
-- Name: job_runs id; Type: DEFAULT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.job_runs ALTER COLUMN id SET DEFAULT nextval('public.job_runs_id_seq'::regclass);


--
-- Name: memberships id; Type: DEFAULT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.memberships ALTER COLUMN id SET DEFAULT nextval('public.memberships_id_seq'::regclass);


--
-- Name: notices id; Type: DEFAULT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.notices ALTER COLUMN id SET DEFAULT nextval('public.notices_id_seq'::regclass);


--
-- Name: outbox id; Type: DEFAULT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.outbox ALTER COLUMN id SET DEFAULT nextval('public.outbox_id_seq'::regclass);


--
-- Name: password_reset_tokens id; Type: DEFAULT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.password_reset_tokens ALTER COLUMN id SET DEFAULT nextval('public.password_reset_tokens_id_seq'::regclass);


--
-- Name: recovery_codes id; Type: DEFAULT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.recovery_codes ALTER COLUMN id SET DEFAULT nextval('public.recovery_codes_id_seq'::regclass);


--
-- Name: regions id; Type: DEFAULT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.regions ALTER COLUMN id SET DEFAULT nextval('public.regions_id_seq'::regclass);


--
-- Name: sync_attempts id; Type: DEFAULT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.sync_attempts ALTER COLUMN id SET DEFAULT nextval('public.sync_attempts_id_seq'::regclass);


--
-- Name: sync_connections id; Type: DEFAULT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.sync_connections ALTER COLUMN id SET DEFAULT nextval('public.sync_connections_id_seq'::regclass);


--
-- Name: sync_lanes id; Type: DEFAULT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.sync_lanes ALTER COLUMN id SET DEFAULT nextval('public.sync_lanes_id_seq'::regclass);


--
-- Name: users id; Type: DEFAULT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.users ALTER COLUMN id SET DEFAULT nextval('public.users_id_seq'::regclass);


--
-- Data for Name: alembic_version; Type: TABLE DATA; Schema: public; Owner: -
--

INSERT INTO public.alembic_version VALUES ('0011');


--
-- Data for Name: api_tokens; Type: TABLE DATA; Schema: public; Owner: -
--

INSERT INTO public.api_tokens VALUES (1, 'legacy key', 'bk_legacy', 'aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa', '["complaints:request:create"]', 1, NULL, '2026-11-30 10:00:00+00', '11111111-1111-4111-8111-111111111111', '2026-11-30 10:00:00+00', '2026-11-30 10:00:00+00', 1);


--
-- Data for Name: audit_events; Type: TABLE DATA; Schema: public; Owner: -
--

INSERT INTO public.audit_events VALUES (1, 'platform', NULL, 1, 'system:demo', 'municipality:region:created', 'region', 'ddf8e43b-bff0-400d-8b53-64facd90d8ef', '{"slug": [null, "rabat-sale-kenitra"]}', '2026-12-06 16:07:22.592774+00', '0000000000000000000000000000000000000000000000000000000000000000', '3ce5f7604211b54109ee3a7dc31448032121748ff78f7041f6348f818ca13083');
INSERT INTO public.audit_events VALUES (2, 'platform', NULL, 2, 'system:demo', 'municipality:region:created', 'region', '907f0a63-a698-4de6-95c8-109df2a8a97b', '{"slug": [null, "district-bamako"]}', '2026-12-06 16:07:22.597818+00', '3ce5f7604211b54109ee3a7dc31448032121748ff78f7041f6348f818ca13083', 'a01cb3dafddea6ddfbd410196a0e34c4f4847641c3d9a480724c305bed4f7212');
INSERT INTO public.audit_events VALUES (3, 'platform', NULL, 3, 'system:demo', 'municipality:user:created', 'user', 'cb0dbd1c-c3df-40ca-8912-68d8ed29e480', '{"email": [null, "admin@baladiya.example"], "platform_admin": [null, true]}', '2026-12-06 16:07:22.694731+00', 'a01cb3dafddea6ddfbd410196a0e34c4f4847641c3d9a480724c305bed4f7212', '52ffc4f3aab3de3289fe5a20f36c30b54d81304c88a9b167a695b7d6cca9af4f');
INSERT INTO public.audit_events VALUES (4, 'platform', NULL, 4, 'system:demo', 'municipality:user:created', 'user', '9f3100ef-c3d2-4fda-846a-f155a2b6a145', '{"email": [null, "supervisor@rabat-sale-kenitra.example"], "platform_admin": [null, false]}', '2026-12-06 16:07:22.79669+00', '52ffc4f3aab3de3289fe5a20f36c30b54d81304c88a9b167a695b7d6cca9af4f', '4f8a44a3abfab2c4512fd55b72d7068a96bd62326df6789356ff49a556db5238');
INSERT INTO public.audit_events VALUES (5, 'platform', NULL, 5, 'system:demo', 'municipality:membership:granted', 'user', '9f3100ef-c3d2-4fda-846a-f155a2b6a145', '{"role": [null, "supervisor"]}', '2026-12-06 16:07:22.800484+00', '4f8a44a3abfab2c4512fd55b72d7068a96bd62326df6789356ff49a556db5238', '28718606f9e0442f4aea3a523ef6e0cfb1daa7d9ab6c839989c0a6cfd3e7913d');
INSERT INTO public.audit_events VALUES (6, 'platform', NULL, 6, 'system:demo', 'municipality:user:created', 'user', 'bd910de2-5bfc-44a5-945a-8a81c15aed17', '{"email": [null, "supervisor@district-bamako.example"], "platform_admin": [null, false]}', '2026-12-06 16:07:22.918374+00', '28718606f9e0442f4aea3a523ef6e0cfb1daa7d9ab6c839989c0a6cfd3e7913d', '8b0bc90df9c17c7404d2a2b83e8432223a0a5947296642d09f2b829631a9422f');
INSERT INTO public.audit_events VALUES (7, 'platform', NULL, 7, 'system:demo', 'municipality:membership:granted', 'user', 'bd910de2-5bfc-44a5-945a-8a81c15aed17', '{"role": [null, "supervisor"]}', '2026-12-06 16:07:22.920891+00', '8b0bc90df9c17c7404d2a2b83e8432223a0a5947296642d09f2b829631a9422f', 'cabac3e980bc23439bdc8cad7fd4d29a3e334517e6c1f672df152705d4093ae0');
INSERT INTO public.audit_events VALUES (8, 'commune:1', 1, 1, 'system:demo', 'municipality:commune:created', 'commune', '95e89f18-d40a-4871-8101-9b8ad184da82', '{"slug": [null, "sale"], "province": [null, "Pr\u00e9fecture de Sal\u00e9"]}', '2026-12-06 16:07:22.928139+00', '0000000000000000000000000000000000000000000000000000000000000000', '4e910d2e0ac936d78dca874a0dbc97c72b6d2173b2c334d7de5d97b5d8ae3d63');
INSERT INTO public.audit_events VALUES (9, 'platform', NULL, 8, 'system:demo', 'municipality:user:created', 'user', '0be9a09d-741d-4ef2-9394-b73b4b3b2b76', '{"email": [null, "agent@sale.example"], "platform_admin": [null, false]}', '2026-12-06 16:07:23.043886+00', 'cabac3e980bc23439bdc8cad7fd4d29a3e334517e6c1f672df152705d4093ae0', 'bd5a72d3b2a1d55fbb6ab5074d0b2d3f3a7456d160f02e42a42aedded5b2fb5c');
INSERT INTO public.audit_events VALUES (10, 'commune:1', 1, 2, 'system:demo', 'municipality:membership:granted', 'user', '0be9a09d-741d-4ef2-9394-b73b4b3b2b76', '{"role": [null, "agent"]}', '2026-12-06 16:07:23.046071+00', '4e910d2e0ac936d78dca874a0dbc97c72b6d2173b2c334d7de5d97b5d8ae3d63', '8e60dea1068d26ebf11a764a6e4fc29956d9b28af3215415bcac2b2d054ba852');
INSERT INTO public.audit_events VALUES (11, 'platform', NULL, 9, 'system:demo', 'municipality:user:created', 'user', 'aede562d-09f8-4d7a-be3d-a374e6286c3c', '{"email": [null, "budget.officer@sale.example"], "platform_admin": [null, false]}', '2026-12-06 16:07:23.160597+00', 'bd5a72d3b2a1d55fbb6ab5074d0b2d3f3a7456d160f02e42a42aedded5b2fb5c', 'fa3130a402860f3f0640eab531890c72bbfc82944105596f8768ac38ebed42e2');
INSERT INTO public.audit_events VALUES (12, 'commune:1', 1, 3, 'system:demo', 'municipality:membership:granted', 'user', 'aede562d-09f8-4d7a-be3d-a374e6286c3c', '{"role": [null, "budget_officer"]}', '2026-12-06 16:07:23.163479+00', '8e60dea1068d26ebf11a764a6e4fc29956d9b28af3215415bcac2b2d054ba852', '9c9211ebad5e532803c0417cb718260f7c1d513e651bb1fdb17a2d3485a91e75');
INSERT INTO public.audit_events VALUES (13, 'platform', NULL, 10, 'system:demo', 'municipality:user:created', 'user', '8bbd68c6-8644-4d14-a201-620db9781c9a', '{"email": [null, "civil.status.officer@sale.example"], "platform_admin": [null, false]}', '2026-12-06 16:07:23.279444+00', 'fa3130a402860f3f0640eab531890c72bbfc82944105596f8768ac38ebed42e2', '51848aba0cd515adb937e36aad76ea9706efba141d88c16e9d921e09f8a527b6');
INSERT INTO public.audit_events VALUES (14, 'commune:1', 1, 4, 'system:demo', 'municipality:membership:granted', 'user', '8bbd68c6-8644-4d14-a201-620db9781c9a', '{"role": [null, "civil_status_officer"]}', '2026-12-06 16:07:23.282164+00', '9c9211ebad5e532803c0417cb718260f7c1d513e651bb1fdb17a2d3485a91e75', 'ee69a4f8fbb6979e873d95bf8df7b4923a1d3802d6027fcf448ffaaaa89bf692');
INSERT INTO public.audit_events VALUES (15, 'platform', NULL, 11, 'system:demo', 'municipality:user:created', 'user', '659dbae6-7c3f-478f-bcf2-14d4cb06de18', '{"email": [null, "commission.member@sale.example"], "platform_admin": [null, false]}', '2026-12-06 16:07:23.401104+00', '51848aba0cd515adb937e36aad76ea9706efba141d88c16e9d921e09f8a527b6', 'ed7573e42b3ff837fd24fcd7b7808980f3f34ac40258c5e7c8ddb57e85116e7d');
INSERT INTO public.audit_events VALUES (16, 'commune:1', 1, 5, 'system:demo', 'municipality:membership:granted', 'user', '659dbae6-7c3f-478f-bcf2-14d4cb06de18', '{"role": [null, "commission_member"]}', '2026-12-06 16:07:23.403196+00', 'ee69a4f8fbb6979e873d95bf8df7b4923a1d3802d6027fcf448ffaaaa89bf692', 'fb02bc35b574d2fdf869c8b355cf5c3de7e0c9cbb22c9483499fd43e6fdb7e58');
INSERT INTO public.audit_events VALUES (17, 'platform', NULL, 12, 'system:demo', 'municipality:user:created', 'user', '217e8c8b-ba2d-4f96-93a5-043cf720820e', '{"email": [null, "commune.admin@sale.example"], "platform_admin": [null, false]}', '2026-12-06 16:07:23.51787+00', 'ed7573e42b3ff837fd24fcd7b7808980f3f34ac40258c5e7c8ddb57e85116e7d', 'b5b80bd605ebb302de75d26fc594f76e45c554f33b89233dbd44ba91650dd412');
INSERT INTO public.audit_events VALUES (18, 'commune:1', 1, 6, 'system:demo', 'municipality:membership:granted', 'user', '217e8c8b-ba2d-4f96-93a5-043cf720820e', '{"role": [null, "commune_admin"]}', '2026-12-06 16:07:23.52039+00', 'fb02bc35b574d2fdf869c8b355cf5c3de7e0c9cbb22c9483499fd43e6fdb7e58', 'd91aab6166a985d3232770342901b3ed53c09eeec4f3cdca6040f57f34f435c0');
INSERT INTO public.audit_events VALUES (19, 'platform', NULL, 13, 'system:demo', 'municipality:user:created', 'user', '3fd82fac-4862-4801-9c49-b546807ef3e5', '{"email": [null, "treasurer@sale.example"], "platform_admin": [null, false]}', '2026-12-06 16:07:23.647699+00', 'b5b80bd605ebb302de75d26fc594f76e45c554f33b89233dbd44ba91650dd412', '8ed86cfc2de953f59535fab546c05419fcb841191029df91faf6a717c2eec5f1');
INSERT INTO public.audit_events VALUES (20, 'commune:1', 1, 7, 'system:demo', 'municipality:membership:granted', 'user', '3fd82fac-4862-4801-9c49-b546807ef3e5', '{"role": [null, "treasurer"]}', '2026-12-06 16:07:23.65018+00', 'd91aab6166a985d3232770342901b3ed53c09eeec4f3cdca6040f57f34f435c0', 'fd23aa5a57ed49f01e6ac0d4765795e98ee3ea7c0ace4dfba132b4cb2b9e1047');
INSERT INTO public.audit_events VALUES (21, 'platform', NULL, 14, 'system:demo', 'municipality:user:created', 'user', '5be642a2-cf2d-4755-a64b-2d28fd14b762', '{"email": [null, "urban.planner@sale.example"], "platform_admin": [null, false]}', '2026-12-06 16:07:23.77063+00', '8ed86cfc2de953f59535fab546c05419fcb841191029df91faf6a717c2eec5f1', '018445922ff9663f959d3e2ff52c7de4642533dc0f567dee0b9742d789701685');
INSERT INTO public.audit_events VALUES (22, 'commune:1', 1, 8, 'system:demo', 'municipality:membership:granted', 'user', '5be642a2-cf2d-4755-a64b-2d28fd14b762', '{"role": [null, "urban_planner"]}', '2026-12-06 16:07:23.772783+00', 'fd23aa5a57ed49f01e6ac0d4765795e98ee3ea7c0ace4dfba132b4cb2b9e1047', '9dc78fb9914e4a097e79312199b4d27e09a88078adabb842093ba514d910ef60');
INSERT INTO public.audit_events VALUES (23, 'commune:1', 1, 9, 'system:demo', 'modules:module:enabled', 'module', 'complaints', '{"enabled": [false, true]}', '2026-12-06 16:07:23.779502+00', '9dc78fb9914e4a097e79312199b4d27e09a88078adabb842093ba514d910ef60', '9a8e73965622513420bda5fea9bfe0afd4c1d22219e110dee82f5f8f1168a0c0');
INSERT INTO public.audit_events VALUES (24, 'commune:1', 1, 10, 'system:demo', 'modules:module:enabled', 'module', 'consolidation', '{"enabled": [false, true]}', '2026-12-06 16:07:23.782998+00', '9a8e73965622513420bda5fea9bfe0afd4c1d22219e110dee82f5f8f1168a0c0', 'f21a135096e4df017ddd2bc531ec5c36d7643e19d243f3d8a67e75d174284115');
INSERT INTO public.audit_events VALUES (25, 'commune:1', 1, 11, 'system:demo', 'modules:module:enabled', 'module', 'gis', '{"enabled": [false, true]}', '2026-12-06 16:07:23.786089+00', 'f21a135096e4df017ddd2bc531ec5c36d7643e19d243f3d8a67e75d174284115', '8f793b010e79134af5217270f62a5068ad08a4fa05907913dfa44cd7e9656075');
INSERT INTO public.audit_events VALUES (26, 'commune:1', 1, 12, 'system:demo', 'modules:module:enabled', 'module', 'notices', '{"enabled": [false, true]}', '2026-12-06 16:07:23.789201+00', '8f793b010e79134af5217270f62a5068ad08a4fa05907913dfa44cd7e9656075', '2c7f47d2177bee28826cc83acb9dac16d3b63d1b6f961091829b49c30134e6c5');
INSERT INTO public.audit_events VALUES (27, 'commune:1', 1, 13, 'system:demo', 'modules:module:enabled', 'module', 'sync', '{"enabled": [false, true]}', '2026-12-06 16:07:23.792028+00', '2c7f47d2177bee28826cc83acb9dac16d3b63d1b6f961091829b49c30134e6c5', '00fbc289a91247588edd5c0901c4e05756b43aa4f8b6d919ed677571ee57e77e');
INSERT INTO public.audit_events VALUES (28, 'commune:1', 1, 14, 'system:demo', 'complaints:category:created', 'complaint_category', 'd1cafbbb-f196-4caa-972c-01004ed9b8e6', '{"code": [null, "voirie"], "days_to_resolve": [null, 30], "department": [null, "Service de la voirie"], "hours_to_acknowledge": [null, 48], "name_ar": [null, "\u0627\u0644\u0637\u0631\u0642"], "name_fr": [null, "Voirie"]}', '2026-12-06 16:07:23.796997+00', '00fbc289a91247588edd5c0901c4e05756b43aa4f8b6d919ed677571ee57e77e', '00d4cd3225c362c7b16bf46dc1b4eb994616563e1a6be4fe0b44679dda5c970b');
INSERT INTO public.audit_events VALUES (29, 'commune:1', 1, 15, 'system:demo', 'complaints:category:created', 'complaint_category', '32796a55-c6aa-4479-9610-0fbbac629cc5', '{"code": [null, "eclairage"], "days_to_resolve": [null, 15], "department": [null, "Service technique"], "hours_to_acknowledge": [null, 24], "name_ar": [null, "\u0627\u0644\u0625\u0646\u0627\u0631\u0629 \u0627\u0644\u0639\u0645\u0648\u0645\u064a\u0629"], "name_fr": [null, "\u00c9clairage public"]}', '2026-12-06 16:07:23.800881+00', '00d4cd3225c362c7b16bf46dc1b4eb994616563e1a6be4fe0b44679dda5c970b', '9efc0add1159c98f325f7f71f0946712b6167910e8fcec0566e32aaae7051b45');
INSERT INTO public.audit_events VALUES (30, 'commune:1', 1, 16, 'system:demo', 'complaints:category:created', 'complaint_category', 'eb4196fa-c272-4735-b06e-5522314f67d1', '{"code": [null, "dechets"], "days_to_resolve": [null, 7], "department": [null, "Service de la propret\u00e9"], "hours_to_acknowledge": [null, 24], "name_ar": [null, "\u0627\u0644\u0646\u0641\u0627\u064a\u0627\u062a"], "name_fr": [null, "D\u00e9chets"]}', '2026-12-06 16:07:23.803133+00', '9efc0add1159c98f325f7f71f0946712b6167910e8fcec0566e32aaae7051b45', '9f97ae26bff07ef55728e4b1bfda0d9a85c4d5fec6084d9fc03065dff5e6a18d');
INSERT INTO public.audit_events VALUES (31, 'commune:1', 1, 17, 'system:demo', 'complaints:category:created', 'complaint_category', 'd80dc83b-b731-4263-a356-d700eefb2955', '{"code": [null, "eau"], "days_to_resolve": [null, 10], "department": [null, "Service de l''eau et de l''assainissement"], "hours_to_acknowledge": [null, 12], "name_ar": [null, "\u0627\u0644\u0645\u0627\u0621"], "name_fr": [null, "Eau"]}', '2026-12-06 16:07:23.805434+00', '9f97ae26bff07ef55728e4b1bfda0d9a85c4d5fec6084d9fc03065dff5e6a18d', 'c378c2b92671effdf45d969b63ef5e4fc4eb20ef848324c7b8e74bb77fbb8752');
INSERT INTO public.audit_events VALUES (32, 'commune:1', 1, 18, 'public', 'complaints:request:received', 'complaint', '413fc710-b2e3-42ad-ae6a-3ce5e5d02182', '{"address": [null, "Avenue Hassan II, devant l''\u00e9cole"], "anonymous": [null, true], "category": [null, "voirie"], "channel": [null, "web"], "description": [null, "Nid-de-poule profond devant l''\u00e9cole primaire, dangereux pour les v\u00e9los."], "kind": [null, "complaint"], "state": [null, "received"]}', '2026-12-06 16:07:23.809962+00', 'c378c2b92671effdf45d969b63ef5e4fc4eb20ef848324c7b8e74bb77fbb8752', '703524f049a8e1918149fb2e656e6c2e9be2f58552eb6ba0f06e71d2032f89ec');
INSERT INTO public.audit_events VALUES (33, 'commune:1', 1, 19, 'system:demo', 'complaints:request:photographed', 'complaint', '413fc710-b2e3-42ad-ae6a-3ce5e5d02182', '{"photos": ["a0565c528a17ab9f66183bf9c5d5887f75dd71719f1f40837aa95a6849dc1656"]}', '2026-12-06 16:07:23.855444+00', '703524f049a8e1918149fb2e656e6c2e9be2f58552eb6ba0f06e71d2032f89ec', '035204b401a38affa89c7aa39168e820bea45f00173f975e61ec6837cd72bdb3');
INSERT INTO public.audit_events VALUES (34, 'commune:1', 1, 20, 'public', 'complaints:request:received', 'complaint', 'aef06bae-7223-468b-a348-4a3e2a398c3a', '{"address": [null, "Derb Sidi Ahmed"], "anonymous": [null, false], "category": [null, "eclairage"], "channel": [null, "web"], "description": [null, "Trois lampadaires \u00e9teints depuis une semaine dans la ruelle."], "kind": [null, "complaint"], "state": [null, "received"]}', '2026-12-06 16:07:23.858245+00', '035204b401a38affa89c7aa39168e820bea45f00173f975e61ec6837cd72bdb3', 'f65b445b59538dcd08804885f4fba76b3ccacd6529ecfe8bb62fef3f28783621');
INSERT INTO public.audit_events VALUES (35, 'commune:1', 1, 21, 'system:demo', 'complaints:request:photographed', 'complaint', 'aef06bae-7223-468b-a348-4a3e2a398c3a', '{"photos": ["9a4f84322b7328760eb999620b4ea5a33a40f22574914b1436f70a2591f7ee68", "a0565c528a17ab9f66183bf9c5d5887f75dd71719f1f40837aa95a6849dc1656"]}', '2026-12-06 16:07:23.905077+00', 'f65b445b59538dcd08804885f4fba76b3ccacd6529ecfe8bb62fef3f28783621', '8f0312327806bae22628dea94ec2409745776e43c73ba6b3973493ad1469c038');
INSERT INTO public.audit_events VALUES (36, 'commune:1', 1, 22, 'system:demo', 'complaints:request:acknowledged', 'complaint', 'aef06bae-7223-468b-a348-4a3e2a398c3a', '{"state": ["received", "acknowledged"]}', '2026-12-06 16:07:23.907973+00', '8f0312327806bae22628dea94ec2409745776e43c73ba6b3973493ad1469c038', 'b62bd580cc30eb10f7c8a15114260d14ae33456f254eeedc92d7483c55a765fd');
INSERT INTO public.audit_events VALUES (37, 'commune:1', 1, 23, 'public', 'complaints:request:received', 'complaint', '8155e0f3-ea68-448f-aa5f-8a25514b6df5', '{"address": [null, "Place du march\u00e9"], "anonymous": [null, true], "category": [null, "dechets"], "channel": [null, "web"], "description": [null, "Le conteneur n''a pas \u00e9t\u00e9 vid\u00e9 depuis cinq jours."], "kind": [null, "complaint"], "state": [null, "received"]}', '2026-12-06 16:07:23.916078+00', 'b62bd580cc30eb10f7c8a15114260d14ae33456f254eeedc92d7483c55a765fd', 'be568848f3be5172769c64c70d06c7adc022d4d92fedce98fdedc8b27d3eec5d');
INSERT INTO public.audit_events VALUES (38, 'commune:1', 1, 24, 'system:demo', 'complaints:request:acknowledged', 'complaint', '8155e0f3-ea68-448f-aa5f-8a25514b6df5', '{"state": ["received", "acknowledged"]}', '2026-12-06 16:07:23.920737+00', 'be568848f3be5172769c64c70d06c7adc022d4d92fedce98fdedc8b27d3eec5d', '5199927f03d39e0b1b0ce15ee94801eba326528303f61d9ef48876253c427f34');
INSERT INTO public.audit_events VALUES (39, 'commune:1', 1, 25, 'system:demo', 'complaints:request:assigned', 'complaint', '8155e0f3-ea68-448f-aa5f-8a25514b6df5', '{"state": ["acknowledged", "assigned"]}', '2026-12-06 16:07:23.925849+00', '5199927f03d39e0b1b0ce15ee94801eba326528303f61d9ef48876253c427f34', '09579766d4e72b1519632f284ee596db3a092558d295b3f0684f5fbc8b0883e6');
INSERT INTO public.audit_events VALUES (40, 'commune:1', 1, 26, 'system:demo', 'complaints:request:in_progress', 'complaint', '8155e0f3-ea68-448f-aa5f-8a25514b6df5', '{"state": ["assigned", "in_progress"]}', '2026-12-06 16:07:23.930892+00', '09579766d4e72b1519632f284ee596db3a092558d295b3f0684f5fbc8b0883e6', 'd85519f21b1ef25097911782ad9ccd3bb7814e6c5fb63905f67567ce6896e33b');
INSERT INTO public.audit_events VALUES (41, 'commune:1', 1, 27, 'public', 'complaints:request:received', 'complaint', '6004e1bd-b79d-43f8-997b-c95fe121b70a', '{"address": [null, "Rue 12, quartier industriel"], "anonymous": [null, true], "category": [null, "eau"], "channel": [null, "web"], "description": [null, "Fuite d''eau sur la conduite principale, la rue est inond\u00e9e."], "kind": [null, "complaint"], "state": [null, "received"]}', '2026-12-06 16:07:23.935817+00', 'd85519f21b1ef25097911782ad9ccd3bb7814e6c5fb63905f67567ce6896e33b', '5908c01800960cdc123a71b17caf3c21030ec16756da9aef3dae7d781aa1cf49');
INSERT INTO public.audit_events VALUES (42, 'commune:1', 1, 28, 'system:demo', 'complaints:request:acknowledged', 'complaint', '6004e1bd-b79d-43f8-997b-c95fe121b70a', '{"state": ["received", "acknowledged"]}', '2026-12-06 16:07:23.939929+00', '5908c01800960cdc123a71b17caf3c21030ec16756da9aef3dae7d781aa1cf49', '117e2f35a9d53de2c6b8362b1ea78576acc9d83c5d10cdfdd4954df5a864bc35');
INSERT INTO public.audit_events VALUES (43, 'commune:1', 1, 29, 'system:demo', 'complaints:request:assigned', 'complaint', '6004e1bd-b79d-43f8-997b-c95fe121b70a', '{"state": ["acknowledged", "assigned"]}', '2026-12-06 16:07:23.944654+00', '117e2f35a9d53de2c6b8362b1ea78576acc9d83c5d10cdfdd4954df5a864bc35', '2e9b5dedfb3cf0466099d77f2fcacdcb0dd8a83dd32e37c3bcedaa69a75698bf');
INSERT INTO public.audit_events VALUES (44, 'commune:1', 1, 30, 'system:demo', 'complaints:request:in_progress', 'complaint', '6004e1bd-b79d-43f8-997b-c95fe121b70a', '{"state": ["assigned", "in_progress"]}', '2026-12-06 16:07:23.949308+00', '2e9b5dedfb3cf0466099d77f2fcacdcb0dd8a83dd32e37c3bcedaa69a75698bf', 'fb6c43e49a18cbbc122a20fa9fcba5525403b8961eecfbe7ea2ff1fc2aa0b8be');
INSERT INTO public.audit_events VALUES (45, 'commune:1', 1, 31, 'system:demo', 'complaints:request:resolved', 'complaint', '6004e1bd-b79d-43f8-997b-c95fe121b70a', '{"resolved_at": [null, "2026-12-06T16:07:23.953198+00:00"], "state": ["in_progress", "resolved"]}', '2026-12-06 16:07:23.954823+00', 'fb6c43e49a18cbbc122a20fa9fcba5525403b8961eecfbe7ea2ff1fc2aa0b8be', '9113768b0a5e0adc986a8f3f2a3f125f44316a20676d96c0a21d846e24b3041d');
INSERT INTO public.audit_events VALUES (46, 'commune:1', 1, 32, 'reporter', 'complaints:request:rated', 'complaint', '6004e1bd-b79d-43f8-997b-c95fe121b70a', '{"rating": [null, 4], "comment": [null, "Intervention rapide, merci."]}', '2026-12-06 16:07:23.960673+00', '9113768b0a5e0adc986a8f3f2a3f125f44316a20676d96c0a21d846e24b3041d', 'ff698f057f0f7099d6f74afad3433aad49622489ed3817ccd54921c2ed8baf24');
INSERT INTO public.audit_events VALUES (47, 'platform', NULL, 15, 'system:demo', 'consolidation:set:versioned', 'consolidation_set', '6f14af16-3bc4-40d4-adb9-523f87b18519', '{"code": "activity-monthly", "version": 1}', '2026-12-06 16:07:23.970155+00', '018445922ff9663f959d3e2ff52c7de4642533dc0f567dee0b9742d789701685', '904acc91d931cc35617d683eb3a908ff2473a3c0e0a7a8c49a6aeb5124d23b21');
INSERT INTO public.audit_events VALUES (48, 'platform', NULL, 16, 'system:demo', 'consolidation:set:versioned', 'consolidation_set', 'd2e07cf8-f994-48c2-9e46-15f7c2c9f999', '{"code": "budget-execution", "version": 1}', '2026-12-06 16:07:23.97412+00', '904acc91d931cc35617d683eb3a908ff2473a3c0e0a7a8c49a6aeb5124d23b21', '86ba8008711df82a77384a48bddb24c54cb77f378b3208dad514196052e8021a');
INSERT INTO public.audit_events VALUES (49, 'platform', NULL, 17, 'system:demo', 'consolidation:campaign:created', 'consolidation_campaign', '93e72082-959f-4019-8521-97ddd2a943ba', '{"region": "rabat-sale-kenitra", "set": "activity-monthly", "period": "2026-11", "deadline": "2026-12-16"}', '2026-12-06 16:07:23.986886+00', '86ba8008711df82a77384a48bddb24c54cb77f378b3208dad514196052e8021a', '7c6cbb3af7e599874a436ebde02b0af446fd1efb0e8a53dacc92f25f2611f7f7');
INSERT INTO public.audit_events VALUES (50, 'commune:1', 1, 33, 'system:demo', 'consolidation:return:accepted', 'consolidation_return', 'df1f7264-1561-4af4-a3cc-63899b8a3bed', '{"campaign": "93e72082-959f-4019-8521-97ddd2a943ba", "version": 1, "channel": "demo", "file_sha256": null, "changed": []}', '2026-12-06 16:07:23.996607+00', 'ff698f057f0f7099d6f74afad3433aad49622489ed3817ccd54921c2ed8baf24', 'b008ede8ed241a85cdfae25431bb5bb5691718ed5217731ac84ab573da4ea41f');
INSERT INTO public.audit_events VALUES (51, 'commune:1', 1, 34, 'system:demo', 'consolidation:return:accepted', 'consolidation_return', '062721aa-55ef-4425-ab5c-190a7ae8ab5a', '{"campaign": "93e72082-959f-4019-8521-97ddd2a943ba", "version": 2, "channel": "demo", "file_sha256": null, "changed": ["complaints_resolved", "remarks"]}', '2026-12-06 16:07:24.000245+00', 'b008ede8ed241a85cdfae25431bb5bb5691718ed5217731ac84ab573da4ea41f', '2be4614221910792141a1505b495afe4960c6fe2be1ed0da0ba35e553692177f');
INSERT INTO public.audit_events VALUES (52, 'commune:1', 1, 35, 'system:demo', 'gis:demo:loaded', 'gis_plan', '713cf25a-ab37-40ff-b065-4f4d57e23b1d', '{"parcels": 96, "zones": 8}', '2026-12-06 16:07:24.091018+00', '2be4614221910792141a1505b495afe4960c6fe2be1ed0da0ba35e553692177f', '0c6d0cc1ce6486537d4179d97304935133ad00edef6c6efc886b0ef501e5f728');
INSERT INTO public.audit_events VALUES (53, 'commune:1', 1, 36, 'system:demo', 'notices:notice:published', 'notice', '6f771b28-7266-4b3e-9abb-136b3eea6480', '{"body": [null, "\u0633\u064a\u0646\u0642\u0637\u0639 \u0627\u0644\u062a\u0632\u0648\u064a\u062f \u0628\u0627\u0644\u0645\u0627\u0621 \u064a\u0648\u0645 \u0627\u0644\u062b\u0644\u0627\u062b\u0627\u0621 \u0645\u0646 \u0627\u0644\u062a\u0627\u0633\u0639\u0629 \u0625\u0644\u0649 \u0627\u0644\u0648\u0627\u062d\u062f\u0629 \u0628\u0639\u062f \u0627\u0644\u0632\u0648\u0627\u0644 \u0628\u0627\u0644\u062d\u064a \u0627\u0644\u0645\u0631\u0643\u0632\u064a \u0628\u0633\u0628\u0628 \u0623\u0634\u063a\u0627\u0644 \u0639\u0644\u0649 \u0627\u0644\u0634\u0628\u0643\u0629."], "language": [null, "ar"], "state": [null, "published"], "title": [null, "\u0627\u0646\u0642\u0637\u0627\u0639 \u0645\u0628\u0631\u0645\u062c \u0644\u0644\u0645\u0627\u0621"]}', '2026-12-06 16:07:24.094397+00', '0c6d0cc1ce6486537d4179d97304935133ad00edef6c6efc886b0ef501e5f728', '10725d332d1aa31a54550e8ac0f2d7a88d46f877e272f212d1bfeaf9a2be0e77');
INSERT INTO public.audit_events VALUES (54, 'commune:1', 1, 37, 'system:demo', 'notices:notice:published', 'notice', '89e9c46c-6fe2-49a9-857e-5ca8ef49b0a5', '{"body": [null, "\u064a\u0639\u0642\u062f \u0627\u0644\u0645\u062c\u0644\u0633 \u0627\u0644\u062c\u0645\u0627\u0639\u064a \u062f\u0648\u0631\u062a\u0647 \u0627\u0644\u0639\u0627\u062f\u064a\u0629 \u064a\u0648\u0645 \u0627\u0644\u0627\u062b\u0646\u064a\u0646 \u0627\u0644\u0623\u0648\u0644 \u0645\u0646 \u0627\u0644\u0634\u0647\u0631 \u0639\u0644\u0649 \u0627\u0644\u0633\u0627\u0639\u0629 \u0627\u0644\u0639\u0627\u0634\u0631\u0629 \u0628\u0645\u0642\u0631 \u0627\u0644\u062c\u0645\u0627\u0639\u0629. \u0627\u0644\u062c\u0644\u0633\u0629 \u0639\u0645\u0648\u0645\u064a\u0629."], "language": [null, "ar"], "state": [null, "published"], "title": [null, "\u0627\u0644\u062f\u0648\u0631\u0629 \u0627\u0644\u0639\u0627\u062f\u064a\u0629 \u0644\u0644\u0645\u062c\u0644\u0633"]}', '2026-12-06 16:07:24.096246+00', '10725d332d1aa31a54550e8ac0f2d7a88d46f877e272f212d1bfeaf9a2be0e77', 'b0809681f2d5d1f9b002ac0861fe6bad5c1689f78fd8caf6c4c43c808b23ce8d');
INSERT INTO public.audit_events VALUES (55, 'commune:1', 1, 38, 'system:demo', 'notices:notice:published', 'notice', '46847879-e2cd-4d34-b894-a285033a598f', '{"body": [null, "L''alimentation en eau sera interrompue mardi de 9 h \u00e0 13 h dans le quartier central pour des travaux sur le r\u00e9seau."], "language": [null, "fr"], "state": [null, "published"], "title": [null, "Coupure d''eau programm\u00e9e"]}', '2026-12-06 16:07:24.09796+00', 'b0809681f2d5d1f9b002ac0861fe6bad5c1689f78fd8caf6c4c43c808b23ce8d', 'ae7d4ef4c4a84145dace9d810109f72c9c6188a1dc2d03f8b715f1ad9c9dfa97');
INSERT INTO public.audit_events VALUES (56, 'commune:1', 1, 39, 'system:demo', 'notices:notice:published', 'notice', '008896af-0098-46c8-830f-24dd3ef8598c', '{"body": [null, "Le conseil communal tiendra sa session ordinaire le premier lundi du mois, \u00e0 10 h, \u00e0 l''h\u00f4tel de ville. La s\u00e9ance est publique."], "language": [null, "fr"], "state": [null, "published"], "title": [null, "Session ordinaire du conseil"]}', '2026-12-06 16:07:24.099629+00', 'ae7d4ef4c4a84145dace9d810109f72c9c6188a1dc2d03f8b715f1ad9c9dfa97', 'f137cdb35371f53771b539826aa798080e14b50a9e1f04f1a2e9872fdb0794e8');
INSERT INTO public.audit_events VALUES (57, 'commune:1', 1, 40, 'system:demo', 'notices:notice:published', 'notice', 'd21921ef-3c88-465a-af10-6431ba524d8c', '{"body": [null, "Une campagne de vaccination des enfants se tient au centre de sant\u00e9 communal toute la semaine prochaine."], "language": [null, "fr"], "state": [null, "published"], "title": [null, "Campagne de vaccination"]}', '2026-12-06 16:07:24.101387+00', 'f137cdb35371f53771b539826aa798080e14b50a9e1f04f1a2e9872fdb0794e8', 'e2d9e94fb77c3a7b6059983fa79ccffe5cd68fbc0db3d98fcea059032003eb72');
INSERT INTO public.audit_events VALUES (58, 'commune:1', 1, 41, 'system:demo', 'sync:platform:configured', 'sync_connection', 'complaints', '{"base_url": [null, "http://127.0.0.1:6560/complaints"], "client_id": [null, "MA/COMMUNE/sale"], "key_id": [null, "dev-1"], "secret_replaced": true}', '2026-12-06 16:07:24.11038+00', 'e2d9e94fb77c3a7b6059983fa79ccffe5cd68fbc0db3d98fcea059032003eb72', '90f3363216fee883bb05e1e51da6508e178433bbc5c522031d73549072a9c028');
INSERT INTO public.audit_events VALUES (59, 'commune:1', 1, 42, 'system:demo', 'sync:platform:configured', 'sync_connection', 'permits', '{"base_url": [null, "http://127.0.0.1:6560/permits"], "client_id": [null, "MA/COMMUNE/sale"], "key_id": [null, "dev-1"], "secret_replaced": true}', '2026-12-06 16:07:24.114241+00', '90f3363216fee883bb05e1e51da6508e178433bbc5c522031d73549072a9c028', 'c1309798a8823bb8a83afdd8bd5acd741130febf8f323c9a21366344da4d8024');
INSERT INTO public.audit_events VALUES (83, 'commune:2', 2, 13, 'system:demo', 'modules:module:enabled', 'module', 'sync', '{"enabled": [false, true]}', '2026-12-06 16:07:24.984621+00', '35c2af1382f4ffc182fd4bcee961a9256bf1ff2db9db86865d24067647afe1f0', '78a6e08b18dbcc6531589592ab5e8b1e31932e4e36a970109a83ab0dd6257ed1');
INSERT INTO public.audit_events VALUES (60, 'commune:1', 1, 43, 'system:demo', 'sync:platform:configured', 'sync_connection', 'civil_status', '{"base_url": [null, "http://127.0.0.1:6560/civil_status"], "client_id": [null, "MA/COMMUNE/sale"], "key_id": [null, "dev-1"], "secret_replaced": true}', '2026-12-06 16:07:24.118388+00', 'c1309798a8823bb8a83afdd8bd5acd741130febf8f323c9a21366344da4d8024', 'e48da31eedbaba87ea1dd8799222b705d7ff28a204565b5bf86ff303c89d69c4');
INSERT INTO public.audit_events VALUES (61, 'commune:1', 1, 44, 'system:demo', 'sync:platform:configured', 'sync_connection', 'budget', '{"base_url": [null, "http://127.0.0.1:6560/budget"], "client_id": [null, "MA/COMMUNE/sale"], "key_id": [null, "dev-1"], "secret_replaced": true}', '2026-12-06 16:07:24.122434+00', 'e48da31eedbaba87ea1dd8799222b705d7ff28a204565b5bf86ff303c89d69c4', '9f5c1c3495106db8317d3a29120106adbf45af75cfe0207a9267634b61799d79');
INSERT INTO public.audit_events VALUES (62, 'commune:1', 1, 45, 'system:demo', 'sync:platform:configured', 'sync_connection', 'spending', '{"base_url": [null, "http://127.0.0.1:6560/spending"], "client_id": [null, "MA/COMMUNE/sale"], "key_id": [null, "dev-1"], "secret_replaced": true}', '2026-12-06 16:07:24.125979+00', '9f5c1c3495106db8317d3a29120106adbf45af75cfe0207a9267634b61799d79', '427ec1094f6ccd47059aea6bfff096f422e4e93dbfb295c77f15c1474349185d');
INSERT INTO public.audit_events VALUES (63, 'commune:1', 1, 46, 'system:demo', 'sync:platform:configured', 'sync_connection', 'documents', '{"base_url": [null, "http://127.0.0.1:6560/documents"], "client_id": [null, "MA/COMMUNE/sale"], "key_id": [null, "dev-1"], "secret_replaced": true}', '2026-12-06 16:07:24.130134+00', '427ec1094f6ccd47059aea6bfff096f422e4e93dbfb295c77f15c1474349185d', '064bee86b5a7086003bf3f422677374b76e857b97a229056b900461af048c9ad');
INSERT INTO public.audit_events VALUES (64, 'commune:2', 2, 1, 'system:demo', 'municipality:commune:created', 'commune', 'd7f955ca-ac06-45da-8af7-601ae9b8c74a', '{"slug": [null, "temara"], "province": [null, "Pr\u00e9fecture de Skhirate-T\u00e9mara"]}', '2026-12-06 16:07:24.133852+00', '0000000000000000000000000000000000000000000000000000000000000000', '980e2e80b9219d71c1e458fb084f8f473b1d07142d6b11c46531e4a1b2cc850a');
INSERT INTO public.audit_events VALUES (65, 'platform', NULL, 18, 'system:demo', 'municipality:user:created', 'user', '94f21e4e-0ac8-4f82-a5d4-d2a02f565ec9', '{"email": [null, "agent@temara.example"], "platform_admin": [null, false]}', '2026-12-06 16:07:24.260377+00', '7c6cbb3af7e599874a436ebde02b0af446fd1efb0e8a53dacc92f25f2611f7f7', 'b6088b61f95ea5c1f6137c502582480e7f011e83d2b204f4f663abddad4da51c');
INSERT INTO public.audit_events VALUES (66, 'commune:2', 2, 2, 'system:demo', 'municipality:membership:granted', 'user', '94f21e4e-0ac8-4f82-a5d4-d2a02f565ec9', '{"role": [null, "agent"]}', '2026-12-06 16:07:24.262872+00', '980e2e80b9219d71c1e458fb084f8f473b1d07142d6b11c46531e4a1b2cc850a', 'a81868f03e17096612a32691efbe0fd6dfb1b45f595c49dd2f7bd1046a894396');
INSERT INTO public.audit_events VALUES (67, 'platform', NULL, 19, 'system:demo', 'municipality:user:created', 'user', 'fe9661cc-f0fd-46a0-87f2-5815beefa0ee', '{"email": [null, "budget.officer@temara.example"], "platform_admin": [null, false]}', '2026-12-06 16:07:24.396863+00', 'b6088b61f95ea5c1f6137c502582480e7f011e83d2b204f4f663abddad4da51c', '540c13ffc15211bd9d2198993112e8d98756c686d2191932597bff502f0858dd');
INSERT INTO public.audit_events VALUES (68, 'commune:2', 2, 3, 'system:demo', 'municipality:membership:granted', 'user', 'fe9661cc-f0fd-46a0-87f2-5815beefa0ee', '{"role": [null, "budget_officer"]}', '2026-12-06 16:07:24.399232+00', 'a81868f03e17096612a32691efbe0fd6dfb1b45f595c49dd2f7bd1046a894396', '9899108e862db19d2b518e1c600068745cc79ab4fc6eb6be6f9f5aa582764099');
INSERT INTO public.audit_events VALUES (69, 'platform', NULL, 20, 'system:demo', 'municipality:user:created', 'user', 'a74c607a-6011-44d4-9fa4-47e0a1645bce', '{"email": [null, "civil.status.officer@temara.example"], "platform_admin": [null, false]}', '2026-12-06 16:07:24.516599+00', '540c13ffc15211bd9d2198993112e8d98756c686d2191932597bff502f0858dd', '2445f30e93a985d557d3d4713e3951d37a0d8a30bba2f94dfbe5f4f58e1a1007');
INSERT INTO public.audit_events VALUES (70, 'commune:2', 2, 4, 'system:demo', 'municipality:membership:granted', 'user', 'a74c607a-6011-44d4-9fa4-47e0a1645bce', '{"role": [null, "civil_status_officer"]}', '2026-12-06 16:07:24.518943+00', '9899108e862db19d2b518e1c600068745cc79ab4fc6eb6be6f9f5aa582764099', '90ee134133b0dd7b1899262789112aa261cb6a37b5350db9ff1292f133c7efed');
INSERT INTO public.audit_events VALUES (71, 'platform', NULL, 21, 'system:demo', 'municipality:user:created', 'user', 'f2dc0e60-64b8-49e3-b1b0-c5725bfd08aa', '{"email": [null, "commission.member@temara.example"], "platform_admin": [null, false]}', '2026-12-06 16:07:24.629766+00', '2445f30e93a985d557d3d4713e3951d37a0d8a30bba2f94dfbe5f4f58e1a1007', 'b7796d76a5d78a9b79f1201704414051981e2b5c0e54107e957ae5975608f1c1');
INSERT INTO public.audit_events VALUES (72, 'commune:2', 2, 5, 'system:demo', 'municipality:membership:granted', 'user', 'f2dc0e60-64b8-49e3-b1b0-c5725bfd08aa', '{"role": [null, "commission_member"]}', '2026-12-06 16:07:24.631706+00', '90ee134133b0dd7b1899262789112aa261cb6a37b5350db9ff1292f133c7efed', '0d8e88985c8ecc38845298d4328ba9979f942df9b9c1d31c1053a1af3fbb2059');
INSERT INTO public.audit_events VALUES (73, 'platform', NULL, 22, 'system:demo', 'municipality:user:created', 'user', '4327272c-6706-4c82-8fa9-82f256d7ef4b', '{"email": [null, "commune.admin@temara.example"], "platform_admin": [null, false]}', '2026-12-06 16:07:24.742332+00', 'b7796d76a5d78a9b79f1201704414051981e2b5c0e54107e957ae5975608f1c1', '6e6bf2808bd6ffb6b9cf64941f1e2980ccf654310550edda6bd8c866f53d3590');
INSERT INTO public.audit_events VALUES (74, 'commune:2', 2, 6, 'system:demo', 'municipality:membership:granted', 'user', '4327272c-6706-4c82-8fa9-82f256d7ef4b', '{"role": [null, "commune_admin"]}', '2026-12-06 16:07:24.744653+00', '0d8e88985c8ecc38845298d4328ba9979f942df9b9c1d31c1053a1af3fbb2059', '89a909642531b8cd38cd059089ad40314dbc9e995de62f67d4a5319aee85160e');
INSERT INTO public.audit_events VALUES (75, 'platform', NULL, 23, 'system:demo', 'municipality:user:created', 'user', '48e781c2-6977-4eca-96d2-b7922d63561a', '{"email": [null, "treasurer@temara.example"], "platform_admin": [null, false]}', '2026-12-06 16:07:24.848116+00', '6e6bf2808bd6ffb6b9cf64941f1e2980ccf654310550edda6bd8c866f53d3590', '8446b2eca6f2a9b4a1e365b7d33be62ab0c76d35d17ea76027f6337bf13303a8');
INSERT INTO public.audit_events VALUES (76, 'commune:2', 2, 7, 'system:demo', 'municipality:membership:granted', 'user', '48e781c2-6977-4eca-96d2-b7922d63561a', '{"role": [null, "treasurer"]}', '2026-12-06 16:07:24.850966+00', '89a909642531b8cd38cd059089ad40314dbc9e995de62f67d4a5319aee85160e', '11ffed4e3eda0b3f57b2f607a228a967e1c80e53e7a675b387f7d3913b47bf89');
INSERT INTO public.audit_events VALUES (77, 'platform', NULL, 24, 'system:demo', 'municipality:user:created', 'user', '0c5ad545-a20c-4530-b894-d4379e85d679', '{"email": [null, "urban.planner@temara.example"], "platform_admin": [null, false]}', '2026-12-06 16:07:24.96637+00', '8446b2eca6f2a9b4a1e365b7d33be62ab0c76d35d17ea76027f6337bf13303a8', '8afd39aabdb128b21d4a4e9dec148399a2316b28d1d8d3b478ab3b6ae1011233');
INSERT INTO public.audit_events VALUES (78, 'commune:2', 2, 8, 'system:demo', 'municipality:membership:granted', 'user', '0c5ad545-a20c-4530-b894-d4379e85d679', '{"role": [null, "urban_planner"]}', '2026-12-06 16:07:24.968503+00', '11ffed4e3eda0b3f57b2f607a228a967e1c80e53e7a675b387f7d3913b47bf89', '3e2b75bc0762063a4950d82216b18d2ea1661646326399801d03dfd127c16da3');
INSERT INTO public.audit_events VALUES (79, 'commune:2', 2, 9, 'system:demo', 'modules:module:enabled', 'module', 'complaints', '{"enabled": [false, true]}', '2026-12-06 16:07:24.971602+00', '3e2b75bc0762063a4950d82216b18d2ea1661646326399801d03dfd127c16da3', '7e4d7f68bbe9c68773dfa0e65cccd5a7869c61677e8e8c8a9eb9dcf19e359fe0');
INSERT INTO public.audit_events VALUES (80, 'commune:2', 2, 10, 'system:demo', 'modules:module:enabled', 'module', 'consolidation', '{"enabled": [false, true]}', '2026-12-06 16:07:24.975687+00', '7e4d7f68bbe9c68773dfa0e65cccd5a7869c61677e8e8c8a9eb9dcf19e359fe0', 'c80f8f7dd2c8e8cc9cef922ea4b58a4b72fd6ffa6b03452df6063563a1d2ab67');
INSERT INTO public.audit_events VALUES (81, 'commune:2', 2, 11, 'system:demo', 'modules:module:enabled', 'module', 'gis', '{"enabled": [false, true]}', '2026-12-06 16:07:24.979113+00', 'c80f8f7dd2c8e8cc9cef922ea4b58a4b72fd6ffa6b03452df6063563a1d2ab67', '49e45f90dc4a8fc7ec6247433ef6b88c834f6d62613398c7e7dff3f59f11064e');
INSERT INTO public.audit_events VALUES (82, 'commune:2', 2, 12, 'system:demo', 'modules:module:enabled', 'module', 'notices', '{"enabled": [false, true]}', '2026-12-06 16:07:24.981882+00', '49e45f90dc4a8fc7ec6247433ef6b88c834f6d62613398c7e7dff3f59f11064e', '35c2af1382f4ffc182fd4bcee961a9256bf1ff2db9db86865d24067647afe1f0');
INSERT INTO public.audit_events VALUES (84, 'commune:2', 2, 14, 'system:demo', 'complaints:category:created', 'complaint_category', 'da5cdc4c-6730-4d00-aedf-67fa903d6835', '{"code": [null, "voirie"], "days_to_resolve": [null, 30], "department": [null, "Service de la voirie"], "hours_to_acknowledge": [null, 48], "name_ar": [null, "\u0627\u0644\u0637\u0631\u0642"], "name_fr": [null, "Voirie"]}', '2026-12-06 16:07:24.987144+00', '78a6e08b18dbcc6531589592ab5e8b1e31932e4e36a970109a83ab0dd6257ed1', 'c9f0fd8942fb2aea7f6362650c6d8aef39547ea320dc7233d6eb7e37d796b7c1');
INSERT INTO public.audit_events VALUES (85, 'commune:2', 2, 15, 'system:demo', 'complaints:category:created', 'complaint_category', 'b4a3a259-2e42-453f-a985-acd059b007c1', '{"code": [null, "eclairage"], "days_to_resolve": [null, 15], "department": [null, "Service technique"], "hours_to_acknowledge": [null, 24], "name_ar": [null, "\u0627\u0644\u0625\u0646\u0627\u0631\u0629 \u0627\u0644\u0639\u0645\u0648\u0645\u064a\u0629"], "name_fr": [null, "\u00c9clairage public"]}', '2026-12-06 16:07:24.989688+00', 'c9f0fd8942fb2aea7f6362650c6d8aef39547ea320dc7233d6eb7e37d796b7c1', '877416df14db51b31dbbe04fa4b77f9403745896a98b76136c5aecbb8a35d85b');
INSERT INTO public.audit_events VALUES (86, 'commune:2', 2, 16, 'system:demo', 'complaints:category:created', 'complaint_category', 'f3f2dde6-7e1b-443d-b946-5da747bdcaff', '{"code": [null, "dechets"], "days_to_resolve": [null, 7], "department": [null, "Service de la propret\u00e9"], "hours_to_acknowledge": [null, 24], "name_ar": [null, "\u0627\u0644\u0646\u0641\u0627\u064a\u0627\u062a"], "name_fr": [null, "D\u00e9chets"]}', '2026-12-06 16:07:24.991898+00', '877416df14db51b31dbbe04fa4b77f9403745896a98b76136c5aecbb8a35d85b', '746288269cf5e3743d2cf9f40bbb82b5000b42f5f05bafee7bb6165c5f2a9115');
INSERT INTO public.audit_events VALUES (87, 'commune:2', 2, 17, 'system:demo', 'complaints:category:created', 'complaint_category', '7d5c7ea1-bd6c-4835-8851-914909572473', '{"code": [null, "eau"], "days_to_resolve": [null, 10], "department": [null, "Service de l''eau et de l''assainissement"], "hours_to_acknowledge": [null, 12], "name_ar": [null, "\u0627\u0644\u0645\u0627\u0621"], "name_fr": [null, "Eau"]}', '2026-12-06 16:07:24.994023+00', '746288269cf5e3743d2cf9f40bbb82b5000b42f5f05bafee7bb6165c5f2a9115', 'e3efc962c6e3c879af8698fe714abab46c7aef85b5afd8d8f8c566f64e9def42');
INSERT INTO public.audit_events VALUES (88, 'commune:2', 2, 18, 'public', 'complaints:request:received', 'complaint', 'b8317580-3e66-4d51-a741-7f141c5839a9', '{"address": [null, "Avenue Hassan II, devant l''\u00e9cole"], "anonymous": [null, true], "category": [null, "voirie"], "channel": [null, "web"], "description": [null, "Nid-de-poule profond devant l''\u00e9cole primaire, dangereux pour les v\u00e9los."], "kind": [null, "complaint"], "state": [null, "received"]}', '2026-12-06 16:07:24.997412+00', 'e3efc962c6e3c879af8698fe714abab46c7aef85b5afd8d8f8c566f64e9def42', 'a94f1bcb72484b481f50111bc428cc3e6d1c2432bd0e4818aecd959b874a61b1');
INSERT INTO public.audit_events VALUES (89, 'commune:2', 2, 19, 'system:demo', 'complaints:request:photographed', 'complaint', 'b8317580-3e66-4d51-a741-7f141c5839a9', '{"photos": ["a0565c528a17ab9f66183bf9c5d5887f75dd71719f1f40837aa95a6849dc1656"]}', '2026-12-06 16:07:25.028606+00', 'a94f1bcb72484b481f50111bc428cc3e6d1c2432bd0e4818aecd959b874a61b1', 'f0f731d6e3454ea08caabab27cab032b1f9cb3011682e936bc1b69060af36fa0');
INSERT INTO public.audit_events VALUES (90, 'commune:2', 2, 20, 'public', 'complaints:request:received', 'complaint', '96b2b42b-d597-4dc0-b387-60a0182ad387', '{"address": [null, "Derb Sidi Ahmed"], "anonymous": [null, false], "category": [null, "eclairage"], "channel": [null, "web"], "description": [null, "Trois lampadaires \u00e9teints depuis une semaine dans la ruelle."], "kind": [null, "complaint"], "state": [null, "received"]}', '2026-12-06 16:07:25.03127+00', 'f0f731d6e3454ea08caabab27cab032b1f9cb3011682e936bc1b69060af36fa0', '45046bcc4fe5176edd8bbba5ec4df52bda44895485899d1e70b90847e4509c30');
INSERT INTO public.audit_events VALUES (91, 'commune:2', 2, 21, 'system:demo', 'complaints:request:photographed', 'complaint', '96b2b42b-d597-4dc0-b387-60a0182ad387', '{"photos": ["9a4f84322b7328760eb999620b4ea5a33a40f22574914b1436f70a2591f7ee68", "a0565c528a17ab9f66183bf9c5d5887f75dd71719f1f40837aa95a6849dc1656"]}', '2026-12-06 16:07:25.085154+00', '45046bcc4fe5176edd8bbba5ec4df52bda44895485899d1e70b90847e4509c30', 'd58061f242397b0eca930e21b36072df2f2836af316a96404535811a4f0b4c2f');
INSERT INTO public.audit_events VALUES (92, 'commune:2', 2, 22, 'system:demo', 'complaints:request:acknowledged', 'complaint', '96b2b42b-d597-4dc0-b387-60a0182ad387', '{"state": ["received", "acknowledged"]}', '2026-12-06 16:07:25.087583+00', 'd58061f242397b0eca930e21b36072df2f2836af316a96404535811a4f0b4c2f', '34fa55e672034b26a853556e6968ac1434b6ad5f187828f92191e4e5a6867433');
INSERT INTO public.audit_events VALUES (93, 'commune:2', 2, 23, 'public', 'complaints:request:received', 'complaint', 'a8671af9-2779-4b9b-a9ea-e3ebe9de379a', '{"address": [null, "Place du march\u00e9"], "anonymous": [null, true], "category": [null, "dechets"], "channel": [null, "web"], "description": [null, "Le conteneur n''a pas \u00e9t\u00e9 vid\u00e9 depuis cinq jours."], "kind": [null, "complaint"], "state": [null, "received"]}', '2026-12-06 16:07:25.09468+00', '34fa55e672034b26a853556e6968ac1434b6ad5f187828f92191e4e5a6867433', 'ab44726fd24b063aae04b433e155893f698a5d58057f8cd93cf6520b1b92cd12');
INSERT INTO public.audit_events VALUES (94, 'commune:2', 2, 24, 'system:demo', 'complaints:request:acknowledged', 'complaint', 'a8671af9-2779-4b9b-a9ea-e3ebe9de379a', '{"state": ["received", "acknowledged"]}', '2026-12-06 16:07:25.099143+00', 'ab44726fd24b063aae04b433e155893f698a5d58057f8cd93cf6520b1b92cd12', '0ac3d6e02a76c129a902c08fb2665e1caafdedbce457dabc95f0b5f24168e62f');
INSERT INTO public.audit_events VALUES (95, 'commune:2', 2, 25, 'system:demo', 'complaints:request:assigned', 'complaint', 'a8671af9-2779-4b9b-a9ea-e3ebe9de379a', '{"state": ["acknowledged", "assigned"]}', '2026-12-06 16:07:25.104134+00', '0ac3d6e02a76c129a902c08fb2665e1caafdedbce457dabc95f0b5f24168e62f', '9d1ac3829c71e85673e6fc4f00f0abeba33fb49740c48f1834b744de614003ab');
INSERT INTO public.audit_events VALUES (96, 'commune:2', 2, 26, 'system:demo', 'complaints:request:in_progress', 'complaint', 'a8671af9-2779-4b9b-a9ea-e3ebe9de379a', '{"state": ["assigned", "in_progress"]}', '2026-12-06 16:07:25.110558+00', '9d1ac3829c71e85673e6fc4f00f0abeba33fb49740c48f1834b744de614003ab', '011f494fbb379e040612cc0646d1eaa6cc12f0294c24b394499aa2e51226a291');
INSERT INTO public.audit_events VALUES (97, 'commune:2', 2, 27, 'public', 'complaints:request:received', 'complaint', '1beec70a-d6bf-43b5-a98f-64cbee2fe616', '{"address": [null, "Rue 12, quartier industriel"], "anonymous": [null, true], "category": [null, "eau"], "channel": [null, "web"], "description": [null, "Fuite d''eau sur la conduite principale, la rue est inond\u00e9e."], "kind": [null, "complaint"], "state": [null, "received"]}', '2026-12-06 16:07:25.116299+00', '011f494fbb379e040612cc0646d1eaa6cc12f0294c24b394499aa2e51226a291', 'c9cdb816400c6486017cad6c2b5658d9725169c15325d6b4a2e81e6d546b0a38');
INSERT INTO public.audit_events VALUES (98, 'commune:2', 2, 28, 'system:demo', 'complaints:request:acknowledged', 'complaint', '1beec70a-d6bf-43b5-a98f-64cbee2fe616', '{"state": ["received", "acknowledged"]}', '2026-12-06 16:07:25.120917+00', 'c9cdb816400c6486017cad6c2b5658d9725169c15325d6b4a2e81e6d546b0a38', '23d38f11a80e1bd2a01045bd46eed63c4953e3b19bbced1e79ff507dc421a138');
INSERT INTO public.audit_events VALUES (99, 'commune:2', 2, 29, 'system:demo', 'complaints:request:assigned', 'complaint', '1beec70a-d6bf-43b5-a98f-64cbee2fe616', '{"state": ["acknowledged", "assigned"]}', '2026-12-06 16:07:25.125703+00', '23d38f11a80e1bd2a01045bd46eed63c4953e3b19bbced1e79ff507dc421a138', '56f96c9e8c14a67b90c230d07ff509171a60bfae18585ca5b2055f0dad5e5166');
INSERT INTO public.audit_events VALUES (100, 'commune:2', 2, 30, 'system:demo', 'complaints:request:in_progress', 'complaint', '1beec70a-d6bf-43b5-a98f-64cbee2fe616', '{"state": ["assigned", "in_progress"]}', '2026-12-06 16:07:25.130231+00', '56f96c9e8c14a67b90c230d07ff509171a60bfae18585ca5b2055f0dad5e5166', '693f2b424f7e110ef1d433ed81defd2cb7cba442f8d54f01b4deed333ccfd4d0');
INSERT INTO public.audit_events VALUES (101, 'commune:2', 2, 31, 'system:demo', 'complaints:request:resolved', 'complaint', '1beec70a-d6bf-43b5-a98f-64cbee2fe616', '{"resolved_at": [null, "2026-12-06T16:07:25.133644+00:00"], "state": ["in_progress", "resolved"]}', '2026-12-06 16:07:25.134728+00', '693f2b424f7e110ef1d433ed81defd2cb7cba442f8d54f01b4deed333ccfd4d0', 'fbc055e35520f59c7509ece9d9ee5dc9200d6ef4a7c80486e1a36758b779a868');
INSERT INTO public.audit_events VALUES (102, 'commune:2', 2, 32, 'reporter', 'complaints:request:rated', 'complaint', '1beec70a-d6bf-43b5-a98f-64cbee2fe616', '{"rating": [null, 4], "comment": [null, "Intervention rapide, merci."]}', '2026-12-06 16:07:25.139172+00', 'fbc055e35520f59c7509ece9d9ee5dc9200d6ef4a7c80486e1a36758b779a868', '7dd9c0c5c8131939c9d163da02c40b07f39445528fac14bbe6377104d8345f18');
INSERT INTO public.audit_events VALUES (103, 'commune:2', 2, 33, 'system:demo', 'gis:demo:loaded', 'gis_plan', 'e0ff0bd5-ae60-422f-b09d-739332df659a', '{"parcels": 96, "zones": 8}', '2026-12-06 16:07:25.174704+00', '7dd9c0c5c8131939c9d163da02c40b07f39445528fac14bbe6377104d8345f18', 'f9c2ae1dd877e83e951e47fb28898eac93c827e25a6cfe606c3ace8d5f09282b');
INSERT INTO public.audit_events VALUES (104, 'commune:2', 2, 34, 'system:demo', 'notices:notice:published', 'notice', '4ca2ef55-a36a-4242-b6f3-1e120d7a05e6', '{"body": [null, "L''alimentation en eau sera interrompue mardi de 9 h \u00e0 13 h dans le quartier central pour des travaux sur le r\u00e9seau."], "language": [null, "fr"], "state": [null, "published"], "title": [null, "Coupure d''eau programm\u00e9e"]}', '2026-12-06 16:07:25.17726+00', 'f9c2ae1dd877e83e951e47fb28898eac93c827e25a6cfe606c3ace8d5f09282b', '5842394f57829c8273ff3f560b2c8834481db70b1c82ed4fbc641f519f1f8ec4');
INSERT INTO public.audit_events VALUES (105, 'commune:2', 2, 35, 'system:demo', 'notices:notice:published', 'notice', 'd1a205be-ef78-4df9-9a1c-4f4d8c759792', '{"body": [null, "Le conseil communal tiendra sa session ordinaire le premier lundi du mois, \u00e0 10 h, \u00e0 l''h\u00f4tel de ville. La s\u00e9ance est publique."], "language": [null, "fr"], "state": [null, "published"], "title": [null, "Session ordinaire du conseil"]}', '2026-12-06 16:07:25.179228+00', '5842394f57829c8273ff3f560b2c8834481db70b1c82ed4fbc641f519f1f8ec4', '51bf03d45682b27c79bb277a12a3bcf61b1b0bc6a6764424afd0915425f066ed');
INSERT INTO public.audit_events VALUES (106, 'commune:2', 2, 36, 'system:demo', 'notices:notice:published', 'notice', '2d2f74f4-a9f2-4a2e-89dd-eef292ac5588', '{"body": [null, "Une campagne de vaccination des enfants se tient au centre de sant\u00e9 communal toute la semaine prochaine."], "language": [null, "fr"], "state": [null, "published"], "title": [null, "Campagne de vaccination"]}', '2026-12-06 16:07:25.181061+00', '51bf03d45682b27c79bb277a12a3bcf61b1b0bc6a6764424afd0915425f066ed', '3875430a5ae95ab88d58eba75cd06b2342a5ea67ed99169666ee0ebf71e790e0');
INSERT INTO public.audit_events VALUES (107, 'commune:2', 2, 37, 'system:demo', 'notices:notice:published', 'notice', 'e102d1c0-46d5-4553-a6a5-31e6cfaf1645', '{"body": [null, "\u0633\u064a\u0646\u0642\u0637\u0639 \u0627\u0644\u062a\u0632\u0648\u064a\u062f \u0628\u0627\u0644\u0645\u0627\u0621 \u064a\u0648\u0645 \u0627\u0644\u062b\u0644\u0627\u062b\u0627\u0621 \u0645\u0646 \u0627\u0644\u062a\u0627\u0633\u0639\u0629 \u0625\u0644\u0649 \u0627\u0644\u0648\u0627\u062d\u062f\u0629 \u0628\u0639\u062f \u0627\u0644\u0632\u0648\u0627\u0644 \u0628\u0627\u0644\u062d\u064a \u0627\u0644\u0645\u0631\u0643\u0632\u064a \u0628\u0633\u0628\u0628 \u0623\u0634\u063a\u0627\u0644 \u0639\u0644\u0649 \u0627\u0644\u0634\u0628\u0643\u0629."], "language": [null, "ar"], "state": [null, "published"], "title": [null, "\u0627\u0646\u0642\u0637\u0627\u0639 \u0645\u0628\u0631\u0645\u062c \u0644\u0644\u0645\u0627\u0621"]}', '2026-12-06 16:07:25.182812+00', '3875430a5ae95ab88d58eba75cd06b2342a5ea67ed99169666ee0ebf71e790e0', '2f35c3b6456e7bb0790e6bb8188fb7a93abfa9ee556cbe6c8b208cbf221cccee');
INSERT INTO public.audit_events VALUES (108, 'commune:2', 2, 38, 'system:demo', 'notices:notice:published', 'notice', '2a68ae54-25b8-4847-aa3d-b495c99a87d8', '{"body": [null, "\u064a\u0639\u0642\u062f \u0627\u0644\u0645\u062c\u0644\u0633 \u0627\u0644\u062c\u0645\u0627\u0639\u064a \u062f\u0648\u0631\u062a\u0647 \u0627\u0644\u0639\u0627\u062f\u064a\u0629 \u064a\u0648\u0645 \u0627\u0644\u0627\u062b\u0646\u064a\u0646 \u0627\u0644\u0623\u0648\u0644 \u0645\u0646 \u0627\u0644\u0634\u0647\u0631 \u0639\u0644\u0649 \u0627\u0644\u0633\u0627\u0639\u0629 \u0627\u0644\u0639\u0627\u0634\u0631\u0629 \u0628\u0645\u0642\u0631 \u0627\u0644\u062c\u0645\u0627\u0639\u0629. \u0627\u0644\u062c\u0644\u0633\u0629 \u0639\u0645\u0648\u0645\u064a\u0629."], "language": [null, "ar"], "state": [null, "published"], "title": [null, "\u0627\u0644\u062f\u0648\u0631\u0629 \u0627\u0644\u0639\u0627\u062f\u064a\u0629 \u0644\u0644\u0645\u062c\u0644\u0633"]}', '2026-12-06 16:07:25.184427+00', '2f35c3b6456e7bb0790e6bb8188fb7a93abfa9ee556cbe6c8b208cbf221cccee', 'bbb554d1353877a9b178a8249b906d5d1a5e471b5308e213c1b595051daae438');
INSERT INTO public.audit_events VALUES (109, 'commune:2', 2, 39, 'system:demo', 'sync:platform:configured', 'sync_connection', 'complaints', '{"base_url": [null, "http://127.0.0.1:6560/complaints"], "client_id": [null, "MA/COMMUNE/temara"], "key_id": [null, "dev-1"], "secret_replaced": true}', '2026-12-06 16:07:25.188025+00', 'bbb554d1353877a9b178a8249b906d5d1a5e471b5308e213c1b595051daae438', '9f55fa93c0bf15d5a86813795c1148f588fd06a75ac809dd07037e0ff5103136');
INSERT INTO public.audit_events VALUES (110, 'commune:2', 2, 40, 'system:demo', 'sync:platform:configured', 'sync_connection', 'permits', '{"base_url": [null, "http://127.0.0.1:6560/permits"], "client_id": [null, "MA/COMMUNE/temara"], "key_id": [null, "dev-1"], "secret_replaced": true}', '2026-12-06 16:07:25.191188+00', '9f55fa93c0bf15d5a86813795c1148f588fd06a75ac809dd07037e0ff5103136', '07fc8d556488f212f9c24f1f9a242a7372001cbe273026887a9310b22cdf9257');
INSERT INTO public.audit_events VALUES (111, 'commune:2', 2, 41, 'system:demo', 'sync:platform:configured', 'sync_connection', 'civil_status', '{"base_url": [null, "http://127.0.0.1:6560/civil_status"], "client_id": [null, "MA/COMMUNE/temara"], "key_id": [null, "dev-1"], "secret_replaced": true}', '2026-12-06 16:07:25.194373+00', '07fc8d556488f212f9c24f1f9a242a7372001cbe273026887a9310b22cdf9257', '47d0cb01057c09b4ad55638a304dee422e722da0567f3dfbd34ae13412788620');
INSERT INTO public.audit_events VALUES (112, 'commune:2', 2, 42, 'system:demo', 'sync:platform:configured', 'sync_connection', 'budget', '{"base_url": [null, "http://127.0.0.1:6560/budget"], "client_id": [null, "MA/COMMUNE/temara"], "key_id": [null, "dev-1"], "secret_replaced": true}', '2026-12-06 16:07:25.197687+00', '47d0cb01057c09b4ad55638a304dee422e722da0567f3dfbd34ae13412788620', '7d331993b9285f309250244d918b0c35e6b9573b29510020b873c5b1a56c2e86');
INSERT INTO public.audit_events VALUES (113, 'commune:2', 2, 43, 'system:demo', 'sync:platform:configured', 'sync_connection', 'spending', '{"base_url": [null, "http://127.0.0.1:6560/spending"], "client_id": [null, "MA/COMMUNE/temara"], "key_id": [null, "dev-1"], "secret_replaced": true}', '2026-12-06 16:07:25.200976+00', '7d331993b9285f309250244d918b0c35e6b9573b29510020b873c5b1a56c2e86', '10da0e955ceba3d9eca89f9bd3d782ff793ca5ebc5c96ebb049186349405be90');
INSERT INTO public.audit_events VALUES (114, 'commune:2', 2, 44, 'system:demo', 'sync:platform:configured', 'sync_connection', 'documents', '{"base_url": [null, "http://127.0.0.1:6560/documents"], "client_id": [null, "MA/COMMUNE/temara"], "key_id": [null, "dev-1"], "secret_replaced": true}', '2026-12-06 16:07:25.203988+00', '10da0e955ceba3d9eca89f9bd3d782ff793ca5ebc5c96ebb049186349405be90', '233243fc722c44a44a94548a0ad5d9d35bb6a3fa0dcdb87eb554c869b9317d5c');
INSERT INTO public.audit_events VALUES (115, 'commune:3', 3, 1, 'system:demo', 'municipality:commune:created', 'commune', '86ca6f36-b718-483c-9eef-ded74f5f39ce', '{"slug": [null, "bamako-commune-3"], "province": [null, "District de Bamako"]}', '2026-12-06 16:07:25.207856+00', '0000000000000000000000000000000000000000000000000000000000000000', '0a472daabd6c1af8f560c920f64e593ce135dc3822604f3f7d08dcde88aee38e');
INSERT INTO public.audit_events VALUES (116, 'platform', NULL, 25, 'system:demo', 'municipality:user:created', 'user', '941f5a6e-77e1-4ebb-b355-19f0e03141a4', '{"email": [null, "agent@bamako-commune-3.example"], "platform_admin": [null, false]}', '2026-12-06 16:07:25.308484+00', '8afd39aabdb128b21d4a4e9dec148399a2316b28d1d8d3b478ab3b6ae1011233', 'b3db338f8345e674ffb8d80928a60795b9f76625c9369c23991a7d6d21787255');
INSERT INTO public.audit_events VALUES (117, 'commune:3', 3, 2, 'system:demo', 'municipality:membership:granted', 'user', '941f5a6e-77e1-4ebb-b355-19f0e03141a4', '{"role": [null, "agent"]}', '2026-12-06 16:07:25.310497+00', '0a472daabd6c1af8f560c920f64e593ce135dc3822604f3f7d08dcde88aee38e', '96f8c5d3c5a39e969e9306f13db68d72f71eb3bdf2a5f49d4c44aefb43b8ce73');
INSERT INTO public.audit_events VALUES (118, 'platform', NULL, 26, 'system:demo', 'municipality:user:created', 'user', '5ccb58d2-d4be-4d55-8d88-f7b4005606d1', '{"email": [null, "budget.officer@bamako-commune-3.example"], "platform_admin": [null, false]}', '2026-12-06 16:07:25.419661+00', 'b3db338f8345e674ffb8d80928a60795b9f76625c9369c23991a7d6d21787255', '7c26ca2e7782a4f3bd27843d91b7356effc913acf3063f9a8be0059c277bb041');
INSERT INTO public.audit_events VALUES (119, 'commune:3', 3, 3, 'system:demo', 'municipality:membership:granted', 'user', '5ccb58d2-d4be-4d55-8d88-f7b4005606d1', '{"role": [null, "budget_officer"]}', '2026-12-06 16:07:25.422043+00', '96f8c5d3c5a39e969e9306f13db68d72f71eb3bdf2a5f49d4c44aefb43b8ce73', '62dd46c355d8e1568128628f5b896c8fb8c464721d312d5043f3dff7d35d5c77');
INSERT INTO public.audit_events VALUES (120, 'platform', NULL, 27, 'system:demo', 'municipality:user:created', 'user', '92554703-ce81-4198-9e56-22ab222d76a3', '{"email": [null, "civil.status.officer@bamako-commune-3.example"], "platform_admin": [null, false]}', '2026-12-06 16:07:25.530998+00', '7c26ca2e7782a4f3bd27843d91b7356effc913acf3063f9a8be0059c277bb041', 'df15385f39be107caff582446bc35541af33c8580348dae0321fbe194c71c312');
INSERT INTO public.audit_events VALUES (121, 'commune:3', 3, 4, 'system:demo', 'municipality:membership:granted', 'user', '92554703-ce81-4198-9e56-22ab222d76a3', '{"role": [null, "civil_status_officer"]}', '2026-12-06 16:07:25.533306+00', '62dd46c355d8e1568128628f5b896c8fb8c464721d312d5043f3dff7d35d5c77', 'df15f68799e76c4c3eba1001642d83eb76aa3510335fd4816d561c7099034474');
INSERT INTO public.audit_events VALUES (122, 'platform', NULL, 28, 'system:demo', 'municipality:user:created', 'user', '80aecdf8-86df-4143-84d4-86e780984c92', '{"email": [null, "commission.member@bamako-commune-3.example"], "platform_admin": [null, false]}', '2026-12-06 16:07:25.639436+00', 'df15385f39be107caff582446bc35541af33c8580348dae0321fbe194c71c312', 'abc80984173eb3e72519658d8be33ca63ba1d899ea3ba5c547366c52c78393c3');
INSERT INTO public.audit_events VALUES (123, 'commune:3', 3, 5, 'system:demo', 'municipality:membership:granted', 'user', '80aecdf8-86df-4143-84d4-86e780984c92', '{"role": [null, "commission_member"]}', '2026-12-06 16:07:25.641486+00', 'df15f68799e76c4c3eba1001642d83eb76aa3510335fd4816d561c7099034474', 'fa752a090953c737638dcf8c2b8f27bad140dc85c2fc8377e12d9faa651d7eac');
INSERT INTO public.audit_events VALUES (124, 'platform', NULL, 29, 'system:demo', 'municipality:user:created', 'user', 'c6d5b24a-c167-4230-be75-28d2e54d5515', '{"email": [null, "commune.admin@bamako-commune-3.example"], "platform_admin": [null, false]}', '2026-12-06 16:07:25.746731+00', 'abc80984173eb3e72519658d8be33ca63ba1d899ea3ba5c547366c52c78393c3', 'c29654fb8a65c1f489f5241a80d5a488497cef6e826bbe8768de4c1ae14fa014');
INSERT INTO public.audit_events VALUES (125, 'commune:3', 3, 6, 'system:demo', 'municipality:membership:granted', 'user', 'c6d5b24a-c167-4230-be75-28d2e54d5515', '{"role": [null, "commune_admin"]}', '2026-12-06 16:07:25.749609+00', 'fa752a090953c737638dcf8c2b8f27bad140dc85c2fc8377e12d9faa651d7eac', '44f77261cb916198394a1afa456464698e8ebb0db92dca138835d2162188da32');
INSERT INTO public.audit_events VALUES (126, 'platform', NULL, 30, 'system:demo', 'municipality:user:created', 'user', 'a360f448-7bcc-4e1d-b037-534fce85dabd', '{"email": [null, "treasurer@bamako-commune-3.example"], "platform_admin": [null, false]}', '2026-12-06 16:07:25.867143+00', 'c29654fb8a65c1f489f5241a80d5a488497cef6e826bbe8768de4c1ae14fa014', 'db9f8a5da93b4006fe353f87d2caa1ee3ca59a7fdfc3cbe3427e6b4d58a3ee1d');
INSERT INTO public.audit_events VALUES (127, 'commune:3', 3, 7, 'system:demo', 'municipality:membership:granted', 'user', 'a360f448-7bcc-4e1d-b037-534fce85dabd', '{"role": [null, "treasurer"]}', '2026-12-06 16:07:25.871157+00', '44f77261cb916198394a1afa456464698e8ebb0db92dca138835d2162188da32', '67a34271a6a34f21970aa70d8256dec1af6d34222ec5fdff6db727650429919a');
INSERT INTO public.audit_events VALUES (128, 'platform', NULL, 31, 'system:demo', 'municipality:user:created', 'user', 'c2349a9f-ab42-4eae-a22a-8a8d794b3dac', '{"email": [null, "urban.planner@bamako-commune-3.example"], "platform_admin": [null, false]}', '2026-12-06 16:07:25.981906+00', 'db9f8a5da93b4006fe353f87d2caa1ee3ca59a7fdfc3cbe3427e6b4d58a3ee1d', '67d132e7098395606a13c884e9f3e2f0d099113f13786157cd71ab14d245c390');
INSERT INTO public.audit_events VALUES (129, 'commune:3', 3, 8, 'system:demo', 'municipality:membership:granted', 'user', 'c2349a9f-ab42-4eae-a22a-8a8d794b3dac', '{"role": [null, "urban_planner"]}', '2026-12-06 16:07:25.983934+00', '67a34271a6a34f21970aa70d8256dec1af6d34222ec5fdff6db727650429919a', 'b2cf985d651b8fb546e7c1b30c521fb68951e99db3daf32c7761d3b00b165588');
INSERT INTO public.audit_events VALUES (130, 'commune:3', 3, 9, 'system:demo', 'modules:module:enabled', 'module', 'complaints', '{"enabled": [false, true]}', '2026-12-06 16:07:25.986705+00', 'b2cf985d651b8fb546e7c1b30c521fb68951e99db3daf32c7761d3b00b165588', '77c4c321a3b24a18f1919452bad77671f3085ddc914ae86db4ddf265afa590f1');
INSERT INTO public.audit_events VALUES (131, 'commune:3', 3, 10, 'system:demo', 'modules:module:enabled', 'module', 'consolidation', '{"enabled": [false, true]}', '2026-12-06 16:07:25.989271+00', '77c4c321a3b24a18f1919452bad77671f3085ddc914ae86db4ddf265afa590f1', '3f4776fc3f514935e0fdf8652cd205709276f3f69a512ac0ef04f7cf388f514f');
INSERT INTO public.audit_events VALUES (132, 'commune:3', 3, 11, 'system:demo', 'modules:module:enabled', 'module', 'gis', '{"enabled": [false, true]}', '2026-12-06 16:07:25.992137+00', '3f4776fc3f514935e0fdf8652cd205709276f3f69a512ac0ef04f7cf388f514f', '2fe8cb6594a13c925bc803be66ee03405cbb8bb408d338a4c57d4b422b624e23');
INSERT INTO public.audit_events VALUES (133, 'commune:3', 3, 12, 'system:demo', 'modules:module:enabled', 'module', 'notices', '{"enabled": [false, true]}', '2026-12-06 16:07:25.99461+00', '2fe8cb6594a13c925bc803be66ee03405cbb8bb408d338a4c57d4b422b624e23', 'c449d96e01b97b07214141edd6e373667dab833345e0eaf8515b9030c6867a57');
INSERT INTO public.audit_events VALUES (134, 'commune:3', 3, 13, 'system:demo', 'modules:module:enabled', 'module', 'sync', '{"enabled": [false, true]}', '2026-12-06 16:07:25.997132+00', 'c449d96e01b97b07214141edd6e373667dab833345e0eaf8515b9030c6867a57', '7ab477eea3b93e0d431a01179be3199414500ed6d77d3b0cb4ac706e2f8d8e9d');
INSERT INTO public.audit_events VALUES (135, 'commune:3', 3, 14, 'system:demo', 'complaints:category:created', 'complaint_category', '5418fd1d-7473-4fa0-a6d7-75329cd7927a', '{"code": [null, "voirie"], "days_to_resolve": [null, 30], "department": [null, "Service de la voirie"], "hours_to_acknowledge": [null, 48], "name_ar": [null, "\u0627\u0644\u0637\u0631\u0642"], "name_fr": [null, "Voirie"]}', '2026-12-06 16:07:25.999251+00', '7ab477eea3b93e0d431a01179be3199414500ed6d77d3b0cb4ac706e2f8d8e9d', '5e091824704e1b313ce8404f5a7fcb93e6548dd7282d956ed762d9af639e8e0f');
INSERT INTO public.audit_events VALUES (136, 'commune:3', 3, 15, 'system:demo', 'complaints:category:created', 'complaint_category', '8364e3c0-fa72-42f9-a7ab-5a9321d22a02', '{"code": [null, "eclairage"], "days_to_resolve": [null, 15], "department": [null, "Service technique"], "hours_to_acknowledge": [null, 24], "name_ar": [null, "\u0627\u0644\u0625\u0646\u0627\u0631\u0629 \u0627\u0644\u0639\u0645\u0648\u0645\u064a\u0629"], "name_fr": [null, "\u00c9clairage public"]}', '2026-12-06 16:07:26.00128+00', '5e091824704e1b313ce8404f5a7fcb93e6548dd7282d956ed762d9af639e8e0f', '7b9a2d38aac2731242d2e001e614c4c058604c3e8d28dae05d4bfa083defb466');
INSERT INTO public.audit_events VALUES (137, 'commune:3', 3, 16, 'system:demo', 'complaints:category:created', 'complaint_category', '17de4b85-7d1c-4eaa-9aba-aefeb5bf0eeb', '{"code": [null, "dechets"], "days_to_resolve": [null, 7], "department": [null, "Service de la propret\u00e9"], "hours_to_acknowledge": [null, 24], "name_ar": [null, "\u0627\u0644\u0646\u0641\u0627\u064a\u0627\u062a"], "name_fr": [null, "D\u00e9chets"]}', '2026-12-06 16:07:26.003271+00', '7b9a2d38aac2731242d2e001e614c4c058604c3e8d28dae05d4bfa083defb466', '068a31528bfdecaa027685fb41dcc86cd7f6e470975cd184176552baef284539');
INSERT INTO public.audit_events VALUES (138, 'commune:3', 3, 17, 'system:demo', 'complaints:category:created', 'complaint_category', 'd0e19ea2-6a17-44b8-beba-1c06fa0c2b89', '{"code": [null, "eau"], "days_to_resolve": [null, 10], "department": [null, "Service de l''eau et de l''assainissement"], "hours_to_acknowledge": [null, 12], "name_ar": [null, "\u0627\u0644\u0645\u0627\u0621"], "name_fr": [null, "Eau"]}', '2026-12-06 16:07:26.005371+00', '068a31528bfdecaa027685fb41dcc86cd7f6e470975cd184176552baef284539', '0400ece16683bdfe9878c2d70bd0ed7b84b5d3b9d4863562731b0d9e4b19c22e');
INSERT INTO public.audit_events VALUES (139, 'commune:3', 3, 18, 'public', 'complaints:request:received', 'complaint', '152c3dd7-4e38-4a5f-aad2-d919ca076304', '{"address": [null, "Avenue Hassan II, devant l''\u00e9cole"], "anonymous": [null, true], "category": [null, "voirie"], "channel": [null, "web"], "description": [null, "Nid-de-poule profond devant l''\u00e9cole primaire, dangereux pour les v\u00e9los."], "kind": [null, "complaint"], "state": [null, "received"]}', '2026-12-06 16:07:26.007228+00', '0400ece16683bdfe9878c2d70bd0ed7b84b5d3b9d4863562731b0d9e4b19c22e', 'a723485ab6d861c0736c5c44cd91cb303c7b1d0a2f4ed44dbaac26896d328fe3');
INSERT INTO public.audit_events VALUES (140, 'commune:3', 3, 19, 'system:demo', 'complaints:request:photographed', 'complaint', '152c3dd7-4e38-4a5f-aad2-d919ca076304', '{"photos": ["a0565c528a17ab9f66183bf9c5d5887f75dd71719f1f40837aa95a6849dc1656"]}', '2026-12-06 16:07:26.034213+00', 'a723485ab6d861c0736c5c44cd91cb303c7b1d0a2f4ed44dbaac26896d328fe3', '358da6d0d0744626e1e497906d541e2c2b61e972f0e807829ac357d4b5647b9a');
INSERT INTO public.audit_events VALUES (141, 'commune:3', 3, 20, 'public', 'complaints:request:received', 'complaint', 'b8db0a7f-08d3-4e2d-b097-ac683ec9be7f', '{"address": [null, "Derb Sidi Ahmed"], "anonymous": [null, false], "category": [null, "eclairage"], "channel": [null, "web"], "description": [null, "Trois lampadaires \u00e9teints depuis une semaine dans la ruelle."], "kind": [null, "complaint"], "state": [null, "received"]}', '2026-12-06 16:07:26.037175+00', '358da6d0d0744626e1e497906d541e2c2b61e972f0e807829ac357d4b5647b9a', '3201a2dda80355ac551bd4c328bf11e590e8cb7d7004ff9875c419359d5c9319');
INSERT INTO public.audit_events VALUES (142, 'commune:3', 3, 21, 'system:demo', 'complaints:request:photographed', 'complaint', 'b8db0a7f-08d3-4e2d-b097-ac683ec9be7f', '{"photos": ["9a4f84322b7328760eb999620b4ea5a33a40f22574914b1436f70a2591f7ee68", "a0565c528a17ab9f66183bf9c5d5887f75dd71719f1f40837aa95a6849dc1656"]}', '2026-12-06 16:07:26.083926+00', '3201a2dda80355ac551bd4c328bf11e590e8cb7d7004ff9875c419359d5c9319', '89338caebc1bc4c05c4c9acda5cffe895ce8621b367cf0bd2be557a9ff105600');
INSERT INTO public.audit_events VALUES (143, 'commune:3', 3, 22, 'system:demo', 'complaints:request:acknowledged', 'complaint', 'b8db0a7f-08d3-4e2d-b097-ac683ec9be7f', '{"state": ["received", "acknowledged"]}', '2026-12-06 16:07:26.085945+00', '89338caebc1bc4c05c4c9acda5cffe895ce8621b367cf0bd2be557a9ff105600', '017643aa3eb5b14aeaac80015bc3d2148a2a069e5158f8fdda7282620f4853bb');
INSERT INTO public.audit_events VALUES (144, 'commune:3', 3, 23, 'public', 'complaints:request:received', 'complaint', 'ce53c939-45e3-4aab-b929-121b724ea760', '{"address": [null, "Place du march\u00e9"], "anonymous": [null, true], "category": [null, "dechets"], "channel": [null, "web"], "description": [null, "Le conteneur n''a pas \u00e9t\u00e9 vid\u00e9 depuis cinq jours."], "kind": [null, "complaint"], "state": [null, "received"]}', '2026-12-06 16:07:26.091685+00', '017643aa3eb5b14aeaac80015bc3d2148a2a069e5158f8fdda7282620f4853bb', '20a6b92f9d4f55891306df41986762c0591e2c1a423432b69ab5d9118a59bf3a');
INSERT INTO public.audit_events VALUES (145, 'commune:3', 3, 24, 'system:demo', 'complaints:request:acknowledged', 'complaint', 'ce53c939-45e3-4aab-b929-121b724ea760', '{"state": ["received", "acknowledged"]}', '2026-12-06 16:07:26.09583+00', '20a6b92f9d4f55891306df41986762c0591e2c1a423432b69ab5d9118a59bf3a', '3d7b0ebf03886c9efab088413094a1d86090e824682aaa39ec27bf55c006c18a');
INSERT INTO public.audit_events VALUES (146, 'commune:3', 3, 25, 'system:demo', 'complaints:request:assigned', 'complaint', 'ce53c939-45e3-4aab-b929-121b724ea760', '{"state": ["acknowledged", "assigned"]}', '2026-12-06 16:07:26.100176+00', '3d7b0ebf03886c9efab088413094a1d86090e824682aaa39ec27bf55c006c18a', '7cc0b960bf6dafcbad3cd9add4e4b7865aba7b6d05626993c3052eafc1505f73');
INSERT INTO public.audit_events VALUES (147, 'commune:3', 3, 26, 'system:demo', 'complaints:request:in_progress', 'complaint', 'ce53c939-45e3-4aab-b929-121b724ea760', '{"state": ["assigned", "in_progress"]}', '2026-12-06 16:07:26.104442+00', '7cc0b960bf6dafcbad3cd9add4e4b7865aba7b6d05626993c3052eafc1505f73', 'e5453355507b8017caa33c672dd4ab8de17eab37178f2c51a11881414b0a58cb');
INSERT INTO public.audit_events VALUES (148, 'commune:3', 3, 27, 'public', 'complaints:request:received', 'complaint', '5893a16d-ea86-45af-b2dc-7e5d8cb0a507', '{"address": [null, "Rue 12, quartier industriel"], "anonymous": [null, true], "category": [null, "eau"], "channel": [null, "web"], "description": [null, "Fuite d''eau sur la conduite principale, la rue est inond\u00e9e."], "kind": [null, "complaint"], "state": [null, "received"]}', '2026-12-06 16:07:26.109824+00', 'e5453355507b8017caa33c672dd4ab8de17eab37178f2c51a11881414b0a58cb', '1860e702f77627b8e45b0d80582c3ea0562e1093c48d68fc6f80cfa99393eb7c');
INSERT INTO public.audit_events VALUES (149, 'commune:3', 3, 28, 'system:demo', 'complaints:request:acknowledged', 'complaint', '5893a16d-ea86-45af-b2dc-7e5d8cb0a507', '{"state": ["received", "acknowledged"]}', '2026-12-06 16:07:26.114595+00', '1860e702f77627b8e45b0d80582c3ea0562e1093c48d68fc6f80cfa99393eb7c', '409837128a5eabdcb1e6cae53ed6c09573cc2d1102a5378ea34d2a11ddbc6efd');
INSERT INTO public.audit_events VALUES (150, 'commune:3', 3, 29, 'system:demo', 'complaints:request:assigned', 'complaint', '5893a16d-ea86-45af-b2dc-7e5d8cb0a507', '{"state": ["acknowledged", "assigned"]}', '2026-12-06 16:07:26.119156+00', '409837128a5eabdcb1e6cae53ed6c09573cc2d1102a5378ea34d2a11ddbc6efd', '12b15543514b6e69845fecc8860ac78e8ce40a79c08414250c02c15af2910a8e');
INSERT INTO public.audit_events VALUES (151, 'commune:3', 3, 30, 'system:demo', 'complaints:request:in_progress', 'complaint', '5893a16d-ea86-45af-b2dc-7e5d8cb0a507', '{"state": ["assigned", "in_progress"]}', '2026-12-06 16:07:26.123507+00', '12b15543514b6e69845fecc8860ac78e8ce40a79c08414250c02c15af2910a8e', '1e07ba7b353bd5a80bfef579f18ade2803ac83617abed13b3b410c1f0a205af2');
INSERT INTO public.audit_events VALUES (152, 'commune:3', 3, 31, 'system:demo', 'complaints:request:resolved', 'complaint', '5893a16d-ea86-45af-b2dc-7e5d8cb0a507', '{"resolved_at": [null, "2026-12-06T16:07:26.126937+00:00"], "state": ["in_progress", "resolved"]}', '2026-12-06 16:07:26.128112+00', '1e07ba7b353bd5a80bfef579f18ade2803ac83617abed13b3b410c1f0a205af2', '46fc15b6f94511000e95dfcbb46cb2457cbedddab00bb0198b3ed306d59b79c8');
INSERT INTO public.audit_events VALUES (153, 'commune:3', 3, 32, 'reporter', 'complaints:request:rated', 'complaint', '5893a16d-ea86-45af-b2dc-7e5d8cb0a507', '{"rating": [null, 4], "comment": [null, "Intervention rapide, merci."]}', '2026-12-06 16:07:26.132969+00', '46fc15b6f94511000e95dfcbb46cb2457cbedddab00bb0198b3ed306d59b79c8', 'efe3513e16776522578c4e45925dc6813f9a4bce00e0c59d24c724673b95e06c');
INSERT INTO public.audit_events VALUES (154, 'platform', NULL, 32, 'system:demo', 'consolidation:campaign:created', 'consolidation_campaign', '8858a081-c4fb-49fd-8f0d-118fa01d430c', '{"region": "district-bamako", "set": "activity-monthly", "period": "2026-11", "deadline": "2026-12-16"}', '2026-12-06 16:07:26.141124+00', '67d132e7098395606a13c884e9f3e2f0d099113f13786157cd71ab14d245c390', '0f0ca183c31677fd98d7a85880002bad0697931c0dcbb5157859d485a00053ab');
INSERT INTO public.audit_events VALUES (155, 'commune:3', 3, 33, 'system:demo', 'consolidation:return:accepted', 'consolidation_return', '2c0cf235-d327-4d55-b387-51379d4b094f', '{"campaign": "8858a081-c4fb-49fd-8f0d-118fa01d430c", "version": 1, "channel": "demo", "file_sha256": null, "changed": []}', '2026-12-06 16:07:26.145832+00', 'efe3513e16776522578c4e45925dc6813f9a4bce00e0c59d24c724673b95e06c', '0512516f77a3e5c7080a139a09d6be1fdb25e7fe381fe9ae7a184cba7fb64ed7');
INSERT INTO public.audit_events VALUES (156, 'commune:3', 3, 34, 'system:demo', 'gis:demo:loaded', 'gis_plan', 'a7da03f1-d2b5-4c00-acc2-0769c8efc3da', '{"parcels": 96, "zones": 8}', '2026-12-06 16:07:26.178322+00', '0512516f77a3e5c7080a139a09d6be1fdb25e7fe381fe9ae7a184cba7fb64ed7', '0e0ea40da1b26501968cccac284b8c9b511b034052af929c5a7750a08d447585');
INSERT INTO public.audit_events VALUES (157, 'commune:3', 3, 35, 'system:demo', 'notices:notice:published', 'notice', '80207fba-13af-4cea-8bab-210f621188b6', '{"body": [null, "L''alimentation en eau sera interrompue mardi de 9 h \u00e0 13 h dans le quartier central pour des travaux sur le r\u00e9seau."], "language": [null, "fr"], "state": [null, "published"], "title": [null, "Coupure d''eau programm\u00e9e"]}', '2026-12-06 16:07:26.180552+00', '0e0ea40da1b26501968cccac284b8c9b511b034052af929c5a7750a08d447585', 'edfa9bfb25de981e6ae70dac27c26c1436fce4b46bf0e6f77487d6b7eb4aa009');
INSERT INTO public.audit_events VALUES (158, 'commune:3', 3, 36, 'system:demo', 'notices:notice:published', 'notice', '637c93c7-526d-4099-a749-23afc2404344', '{"body": [null, "Le conseil communal tiendra sa session ordinaire le premier lundi du mois, \u00e0 10 h, \u00e0 l''h\u00f4tel de ville. La s\u00e9ance est publique."], "language": [null, "fr"], "state": [null, "published"], "title": [null, "Session ordinaire du conseil"]}', '2026-12-06 16:07:26.182547+00', 'edfa9bfb25de981e6ae70dac27c26c1436fce4b46bf0e6f77487d6b7eb4aa009', 'c844dbea2ed32ff193686df07dc36ab60162100caf5899fed009a094573f26f8');
INSERT INTO public.audit_events VALUES (159, 'commune:3', 3, 37, 'system:demo', 'notices:notice:published', 'notice', '26959c86-d9bb-4c06-a007-f4d1c224f386', '{"body": [null, "Une campagne de vaccination des enfants se tient au centre de sant\u00e9 communal toute la semaine prochaine."], "language": [null, "fr"], "state": [null, "published"], "title": [null, "Campagne de vaccination"]}', '2026-12-06 16:07:26.184463+00', 'c844dbea2ed32ff193686df07dc36ab60162100caf5899fed009a094573f26f8', 'f7564d5285877b129f1b8cbfe7f71a410f890264af5a8814f67f98b4cdb40c23');
INSERT INTO public.audit_events VALUES (160, 'commune:3', 3, 38, 'system:demo', 'sync:platform:configured', 'sync_connection', 'complaints', '{"base_url": [null, "http://127.0.0.1:6560/complaints"], "client_id": [null, "MA/COMMUNE/bamako-commune-3"], "key_id": [null, "dev-1"], "secret_replaced": true}', '2026-12-06 16:07:26.188155+00', 'f7564d5285877b129f1b8cbfe7f71a410f890264af5a8814f67f98b4cdb40c23', 'bea3a0663aed93140bebe3582cb40a50ba9ff5a84986034050fb65dc196e27d3');
INSERT INTO public.audit_events VALUES (161, 'commune:3', 3, 39, 'system:demo', 'sync:platform:configured', 'sync_connection', 'permits', '{"base_url": [null, "http://127.0.0.1:6560/permits"], "client_id": [null, "MA/COMMUNE/bamako-commune-3"], "key_id": [null, "dev-1"], "secret_replaced": true}', '2026-12-06 16:07:26.191417+00', 'bea3a0663aed93140bebe3582cb40a50ba9ff5a84986034050fb65dc196e27d3', '77ea64386938bee44bb3244e95dcff4414a4af10a26fe0c13b5c93026bc409c5');
INSERT INTO public.audit_events VALUES (162, 'commune:3', 3, 40, 'system:demo', 'sync:platform:configured', 'sync_connection', 'civil_status', '{"base_url": [null, "http://127.0.0.1:6560/civil_status"], "client_id": [null, "MA/COMMUNE/bamako-commune-3"], "key_id": [null, "dev-1"], "secret_replaced": true}', '2026-12-06 16:07:26.194732+00', '77ea64386938bee44bb3244e95dcff4414a4af10a26fe0c13b5c93026bc409c5', '2da533bc6de1c6988914ac81578f8e483027a64444beb3cb0c7768958e8c5c32');
INSERT INTO public.audit_events VALUES (163, 'commune:3', 3, 41, 'system:demo', 'sync:platform:configured', 'sync_connection', 'budget', '{"base_url": [null, "http://127.0.0.1:6560/budget"], "client_id": [null, "MA/COMMUNE/bamako-commune-3"], "key_id": [null, "dev-1"], "secret_replaced": true}', '2026-12-06 16:07:26.198754+00', '2da533bc6de1c6988914ac81578f8e483027a64444beb3cb0c7768958e8c5c32', 'd6e05dd4ba4a4deca4044afc26068b922ed101e17d5dc020d690dd04b727db46');
INSERT INTO public.audit_events VALUES (164, 'commune:3', 3, 42, 'system:demo', 'sync:platform:configured', 'sync_connection', 'spending', '{"base_url": [null, "http://127.0.0.1:6560/spending"], "client_id": [null, "MA/COMMUNE/bamako-commune-3"], "key_id": [null, "dev-1"], "secret_replaced": true}', '2026-12-06 16:07:26.202362+00', 'd6e05dd4ba4a4deca4044afc26068b922ed101e17d5dc020d690dd04b727db46', 'a5980a0ec4c62f3b7f311595e1491c963e00002c9489b299884d8dc3c17caaf2');
INSERT INTO public.audit_events VALUES (165, 'commune:3', 3, 43, 'system:demo', 'sync:platform:configured', 'sync_connection', 'documents', '{"base_url": [null, "http://127.0.0.1:6560/documents"], "client_id": [null, "MA/COMMUNE/bamako-commune-3"], "key_id": [null, "dev-1"], "secret_replaced": true}', '2026-12-06 16:07:26.2058+00', 'a5980a0ec4c62f3b7f311595e1491c963e00002c9489b299884d8dc3c17caaf2', '93ce90799d0d307ec7817158fbef73839a16234ae52e57361b3927853e30c35a');
INSERT INTO public.audit_events VALUES (166, 'platform', NULL, 33, 'system:demo', 'municipality:user:created', 'user', 'bd3efec5-6485-404a-b94d-d37d444bb17c', '{"email": [null, "amina.benali@example.org"], "platform_admin": [null, false]}', '2026-12-06 16:07:26.308069+00', '0f0ca183c31677fd98d7a85880002bad0697931c0dcbb5157859d485a00053ab', '839f1f9eb8d613842e36354050e7fdaa6faadae0689ee8ac3f5480d38613f88b');
INSERT INTO public.audit_events VALUES (167, 'commune:1', 1, 47, 'system:demo', 'municipality:membership:granted', 'user', 'bd3efec5-6485-404a-b94d-d37d444bb17c', '{"role": [null, "resident"]}', '2026-12-06 16:07:26.311027+00', '064bee86b5a7086003bf3f422677374b76e857b97a229056b900461af048c9ad', '8af9af137d6827bf1c7fba71ac769d7e43c9d7069bd77ab124dce841986e28c9');
INSERT INTO public.audit_events VALUES (168, 'platform', NULL, 34, 'system:demo', 'municipality:user:created', 'user', 'a1b7ff1f-fbab-4790-a7ce-d38bb85454a9', '{"email": [null, "moussa.traore@example.org"], "platform_admin": [null, false]}', '2026-12-06 16:07:26.425545+00', '839f1f9eb8d613842e36354050e7fdaa6faadae0689ee8ac3f5480d38613f88b', '659aebda29f4a5db4ed0537e372ff7507aaf5884035122735df8d3a19d6bef0c');
INSERT INTO public.audit_events VALUES (169, 'commune:3', 3, 44, 'system:demo', 'municipality:membership:granted', 'user', 'a1b7ff1f-fbab-4790-a7ce-d38bb85454a9', '{"role": [null, "resident"]}', '2026-12-06 16:07:26.429277+00', '93ce90799d0d307ec7817158fbef73839a16234ae52e57361b3927853e30c35a', '237887d3e72e7d258f22cd54a1b47f3cce85eee4011ef7ddaeedb3e1699a9f3c');


--
-- Data for Name: audit_heads; Type: TABLE DATA; Schema: public; Owner: -
--

INSERT INTO public.audit_heads VALUES ('commune:2', 44, '233243fc722c44a44a94548a0ad5d9d35bb6a3fa0dcdb87eb554c869b9317d5c');
INSERT INTO public.audit_heads VALUES ('commune:1', 47, '8af9af137d6827bf1c7fba71ac769d7e43c9d7069bd77ab124dce841986e28c9');
INSERT INTO public.audit_heads VALUES ('platform', 34, '659aebda29f4a5db4ed0537e372ff7507aaf5884035122735df8d3a19d6bef0c');
INSERT INTO public.audit_heads VALUES ('commune:3', 44, '237887d3e72e7d258f22cd54a1b47f3cce85eee4011ef7ddaeedb3e1699a9f3c');


--
-- Data for Name: commune_modules; Type: TABLE DATA; Schema: public; Owner: -
--

INSERT INTO public.commune_modules VALUES (1, 'complaints', true, '2026-12-06 16:07:23.777244+00', 1);
INSERT INTO public.commune_modules VALUES (2, 'consolidation', true, '2026-12-06 16:07:23.782082+00', 1);
INSERT INTO public.commune_modules VALUES (3, 'gis', true, '2026-12-06 16:07:23.785263+00', 1);
INSERT INTO public.commune_modules VALUES (4, 'notices', true, '2026-12-06 16:07:23.788386+00', 1);
INSERT INTO public.commune_modules VALUES (5, 'sync', true, '2026-12-06 16:07:23.791186+00', 1);
INSERT INTO public.commune_modules VALUES (6, 'complaints', true, '2026-12-06 16:07:24.970608+00', 2);
INSERT INTO public.commune_modules VALUES (7, 'consolidation', true, '2026-12-06 16:07:24.974717+00', 2);
INSERT INTO public.commune_modules VALUES (8, 'gis', true, '2026-12-06 16:07:24.978274+00', 2);
INSERT INTO public.commune_modules VALUES (9, 'notices', true, '2026-12-06 16:07:24.98106+00', 2);
INSERT INTO public.commune_modules VALUES (10, 'sync', true, '2026-12-06 16:07:24.983822+00', 2);
INSERT INTO public.commune_modules VALUES (11, 'complaints', true, '2026-12-06 16:07:25.985949+00', 3);
INSERT INTO public.commune_modules VALUES (12, 'consolidation', true, '2026-12-06 16:07:25.988577+00', 3);
INSERT INTO public.commune_modules VALUES (13, 'gis', true, '2026-12-06 16:07:25.991243+00', 3);
INSERT INTO public.commune_modules VALUES (14, 'notices', true, '2026-12-06 16:07:25.993918+00', 3);
INSERT INTO public.commune_modules VALUES (15, 'sync', true, '2026-12-06 16:07:25.996445+00', 3);


--
-- Data for Name: communes; Type: TABLE DATA; Schema: public; Owner: -
--

INSERT INTO public.communes VALUES (2, 'temara', 1, 'تمارة', 'Témara', 'MA', 'Africa/Casablanca', 'MAD', 'EPSG:26191', 'fr ar', 'd7f955ca-ac06-45da-8af7-601ae9b8c74a', '2026-12-06 16:07:24.132023+00', '2026-12-06 16:07:24.132025+00', 'Préfecture de Skhirate-Témara');
INSERT INTO public.communes VALUES (3, 'bamako-commune-3', 2, 'البلدية الثالثة باماكو', 'Commune III de Bamako', 'ML', 'Africa/Bamako', 'XOF', 'EPSG:32629', 'fr', '86ca6f36-b718-483c-9eef-ded74f5f39ce', '2026-12-06 16:07:25.206008+00', '2026-12-06 16:07:25.20601+00', 'District de Bamako');
INSERT INTO public.communes VALUES (1, 'sale', 1, 'سلا', 'Salé', 'MA', 'Africa/Casablanca', 'MAD', 'EPSG:26191', 'ar fr', '95e89f18-d40a-4871-8101-9b8ad184da82', '2026-12-06 16:07:22.9244+00', '2026-12-06 16:07:27.885799+00', 'Province de Salé');


--
-- Data for Name: complaint_categories; Type: TABLE DATA; Schema: public; Owner: -
--

INSERT INTO public.complaint_categories VALUES (1, 'voirie', 'Voirie', 'الطرق', 'Service de la voirie', 48, 30, true, 'd1cafbbb-f196-4caa-972c-01004ed9b8e6', '2026-12-06 16:07:23.795613+00', '2026-12-06 16:07:23.795617+00', 1);
INSERT INTO public.complaint_categories VALUES (2, 'eclairage', 'Éclairage public', 'الإنارة العمومية', 'Service technique', 24, 15, true, '32796a55-c6aa-4479-9610-0fbbac629cc5', '2026-12-06 16:07:23.799842+00', '2026-12-06 16:07:23.79985+00', 1);
INSERT INTO public.complaint_categories VALUES (3, 'dechets', 'Déchets', 'النفايات', 'Service de la propreté', 24, 7, true, 'eb4196fa-c272-4735-b06e-5522314f67d1', '2026-12-06 16:07:23.802403+00', '2026-12-06 16:07:23.802405+00', 1);
INSERT INTO public.complaint_categories VALUES (4, 'eau', 'Eau', 'الماء', 'Service de l''eau et de l''assainissement', 12, 10, true, 'd80dc83b-b731-4263-a356-d700eefb2955', '2026-12-06 16:07:23.804523+00', '2026-12-06 16:07:23.804525+00', 1);
INSERT INTO public.complaint_categories VALUES (5, 'voirie', 'Voirie', 'الطرق', 'Service de la voirie', 48, 30, true, 'da5cdc4c-6730-4d00-aedf-67fa903d6835', '2026-12-06 16:07:24.986306+00', '2026-12-06 16:07:24.986309+00', 2);
INSERT INTO public.complaint_categories VALUES (6, 'eclairage', 'Éclairage public', 'الإنارة العمومية', 'Service technique', 24, 15, true, 'b4a3a259-2e42-453f-a985-acd059b007c1', '2026-12-06 16:07:24.988844+00', '2026-12-06 16:07:24.988847+00', 2);
INSERT INTO public.complaint_categories VALUES (7, 'dechets', 'Déchets', 'النفايات', 'Service de la propreté', 24, 7, true, 'f3f2dde6-7e1b-443d-b946-5da747bdcaff', '2026-12-06 16:07:24.991126+00', '2026-12-06 16:07:24.991129+00', 2);
INSERT INTO public.complaint_categories VALUES (8, 'eau', 'Eau', 'الماء', 'Service de l''eau et de l''assainissement', 12, 10, true, '7d5c7ea1-bd6c-4835-8851-914909572473', '2026-12-06 16:07:24.993311+00', '2026-12-06 16:07:24.993314+00', 2);
INSERT INTO public.complaint_categories VALUES (9, 'voirie', 'Voirie', 'الطرق', 'Service de la voirie', 48, 30, true, '5418fd1d-7473-4fa0-a6d7-75329cd7927a', '2026-12-06 16:07:25.998571+00', '2026-12-06 16:07:25.998573+00', 3);
INSERT INTO public.complaint_categories VALUES (10, 'eclairage', 'Éclairage public', 'الإنارة العمومية', 'Service technique', 24, 15, true, '8364e3c0-fa72-42f9-a7ab-5a9321d22a02', '2026-12-06 16:07:26.000629+00', '2026-12-06 16:07:26.000631+00', 3);
INSERT INTO public.complaint_categories VALUES (11, 'dechets', 'Déchets', 'النفايات', 'Service de la propreté', 24, 7, true, '17de4b85-7d1c-4eaa-9aba-aefeb5bf0eeb', '2026-12-06 16:07:26.002545+00', '2026-12-06 16:07:26.002547+00', 3);
INSERT INTO public.complaint_categories VALUES (12, 'eau', 'Eau', 'الماء', 'Service de l''eau et de l''assainissement', 12, 10, true, 'd0e19ea2-6a17-44b8-beba-1c06fa0c2b89', '2026-12-06 16:07:26.004607+00', '2026-12-06 16:07:26.004609+00', 3);


--
-- Data for Name: complaint_events; Type: TABLE DATA; Schema: public; Owner: -
--

INSERT INTO public.complaint_events VALUES (1, 1, 'note', 'Vu sur place.', 'agent@example.org', '2026-11-30 10:00:00+00', '2026-11-30 10:00:00+00', 1);


--
-- Data for Name: complaint_photos; Type: TABLE DATA; Schema: public; Owner: -
--

INSERT INTO public.complaint_photos VALUES (1, 1, 'fb13c7f9befd45f1ac252a89cc77ce3f.png', 'cc0c979962aa4c99a6addf6f4db21c17.jpg', 'image/png', 640, 480, 'a0565c528a17ab9f66183bf9c5d5887f75dd71719f1f40837aa95a6849dc1656', 0, 'd22046e4-a0f0-4621-9e8e-784674c44a3c', '2026-12-06 16:07:23.853711+00', '2026-12-06 16:07:23.853715+00', 1);
INSERT INTO public.complaint_photos VALUES (2, 2, '90d399a3a45c4c0dad5d84e1aa88bdc6.png', '8b9a8e8452f94a74ada39cf8c96d0f11.jpg', 'image/png', 640, 480, '9a4f84322b7328760eb999620b4ea5a33a40f22574914b1436f70a2591f7ee68', 0, '11b6c7bd-2351-4a8f-b1f3-46e0d9f9e5d0', '2026-12-06 16:07:23.903414+00', '2026-12-06 16:07:23.903419+00', 1);
INSERT INTO public.complaint_photos VALUES (3, 2, '89b180087062438ea7297542a83e8242.png', '527b5e7beb8b40ef9b9c4bc9a60c3bc4.jpg', 'image/png', 640, 480, 'a0565c528a17ab9f66183bf9c5d5887f75dd71719f1f40837aa95a6849dc1656', 1, 'df169d67-6b0f-4710-a2cd-f5f5049426c4', '2026-12-06 16:07:23.903422+00', '2026-12-06 16:07:23.903423+00', 1);
INSERT INTO public.complaint_photos VALUES (4, 5, '1279416c1c684a92a1f6e8d676ed4915.png', 'dd796dcc042a4bca8ee43de54567cdf2.jpg', 'image/png', 640, 480, 'a0565c528a17ab9f66183bf9c5d5887f75dd71719f1f40837aa95a6849dc1656', 0, '3fc5edde-6c6c-4a14-a7d0-3fdd7c2052d8', '2026-12-06 16:07:25.027233+00', '2026-12-06 16:07:25.027238+00', 2);
INSERT INTO public.complaint_photos VALUES (5, 6, 'e51cea42714e4c82a96eae5aa565cf83.png', 'ef2dd6e0a03649d389dca5ee538fe80a.jpg', 'image/png', 640, 480, '9a4f84322b7328760eb999620b4ea5a33a40f22574914b1436f70a2591f7ee68', 0, 'b82e5e08-3e7e-4daf-a787-1b6739dc4b2b', '2026-12-06 16:07:25.083268+00', '2026-12-06 16:07:25.083274+00', 2);
INSERT INTO public.complaint_photos VALUES (6, 6, '4ecce8dc8c8545909270934939653d5c.png', 'cd644ce2e0fe48d7aaaf4834214c4edc.jpg', 'image/png', 640, 480, 'a0565c528a17ab9f66183bf9c5d5887f75dd71719f1f40837aa95a6849dc1656', 1, 'f67cbd9e-e4ba-4354-a641-316bc4aec353', '2026-12-06 16:07:25.083278+00', '2026-12-06 16:07:25.083278+00', 2);
INSERT INTO public.complaint_photos VALUES (7, 9, '5bc30177aada4a5da60ad1245616e4a1.png', '96f5bfe36f174fb9a9ff8b7779ab3717.jpg', 'image/png', 640, 480, 'a0565c528a17ab9f66183bf9c5d5887f75dd71719f1f40837aa95a6849dc1656', 0, '57b1d088-c3fc-428f-adf6-26a7b129cbc5', '2026-12-06 16:07:26.032753+00', '2026-12-06 16:07:26.032757+00', 3);
INSERT INTO public.complaint_photos VALUES (8, 10, '432040075b7c4811a586b6de372fa60b.png', 'a135cc8ce6ce4777ad1eedac15c932f9.jpg', 'image/png', 640, 480, '9a4f84322b7328760eb999620b4ea5a33a40f22574914b1436f70a2591f7ee68', 0, 'c684d1ed-9d65-4036-8814-14794a18c564', '2026-12-06 16:07:26.082513+00', '2026-12-06 16:07:26.082517+00', 3);
INSERT INTO public.complaint_photos VALUES (9, 10, '270068093dae4ed6b6d62f3e93ddc19b.png', '3889cb0bfe3c4bcf8e296fedec538eef.jpg', 'image/png', 640, 480, 'a0565c528a17ab9f66183bf9c5d5887f75dd71719f1f40837aa95a6849dc1656', 1, '0c3ac330-0b3c-4144-a528-457ded73b4e5', '2026-12-06 16:07:26.082521+00', '2026-12-06 16:07:26.082521+00', 3);


--
-- Data for Name: complaints; Type: TABLE DATA; Schema: public; Owner: -
--

INSERT INTO public.complaints VALUES (1, 'YTT8GJP6TKAW', 'complaint', 'web', 1, 'Nid-de-poule profond devant l''école primaire, dangereux pour les vélos.', NULL, NULL, 'Avenue Hassan II, devant l''école', NULL, NULL, NULL, 'received', '2026-12-08 16:07:23.805608+00', '2027-01-05 16:07:23.805608+00', NULL, NULL, NULL, '413fc710-b2e3-42ad-ae6a-3ce5e5d02182', '2026-12-06 16:07:23.807814+00', '2026-12-06 16:07:23.807817+00', 1, NULL, NULL, NULL, false, NULL, NULL, NULL);
INSERT INTO public.complaints VALUES (3, '47J24FYZPT59', 'complaint', 'web', 3, 'Le conteneur n''a pas été vidé depuis cinq jours.', NULL, NULL, 'Place du marché', NULL, NULL, NULL, 'in_progress', '2026-12-07 16:07:23.914114+00', '2026-12-13 16:07:23.914114+00', NULL, NULL, NULL, '8155e0f3-ea68-448f-aa5f-8a25514b6df5', '2026-12-06 16:07:23.914993+00', '2026-12-06 16:07:23.930195+00', 1, NULL, NULL, NULL, false, NULL, NULL, NULL);
INSERT INTO public.complaints VALUES (4, '3P4SGPFQVRNM', 'complaint', 'web', 4, 'Fuite d''eau sur la conduite principale, la rue est inondée.', NULL, NULL, 'Rue 12, quartier industriel', NULL, NULL, NULL, 'resolved', '2026-12-07 04:07:23.934497+00', '2026-12-16 16:07:23.934497+00', '2026-12-06 16:07:23.953198+00', NULL, NULL, '6004e1bd-b79d-43f8-997b-c95fe121b70a', '2026-12-06 16:07:23.93486+00', '2026-12-06 16:07:23.959813+00', 1, NULL, NULL, NULL, false, 4, 'Intervention rapide, merci.', '2026-12-06 16:07:23.959053+00');
INSERT INTO public.complaints VALUES (5, 'GNAUQW9YMGBC', 'complaint', 'web', 5, 'Nid-de-poule profond devant l''école primaire, dangereux pour les vélos.', NULL, NULL, 'Avenue Hassan II, devant l''école', NULL, NULL, NULL, 'received', '2026-12-08 16:07:24.994172+00', '2027-01-05 16:07:24.994172+00', NULL, NULL, NULL, 'b8317580-3e66-4d51-a741-7f141c5839a9', '2026-12-06 16:07:24.995286+00', '2026-12-06 16:07:24.995288+00', 2, NULL, NULL, NULL, false, NULL, NULL, NULL);
INSERT INTO public.complaints VALUES (6, 'QUDZVHEGBB2V', 'complaint', 'web', 6, 'Trois lampadaires éteints depuis une semaine dans la ruelle.', NULL, NULL, 'Derb Sidi Ahmed', NULL, 'resident@example.org', NULL, 'acknowledged', '2026-12-07 16:07:25.028773+00', '2026-12-21 16:07:25.028773+00', NULL, NULL, NULL, '96b2b42b-d597-4dc0-b387-60a0182ad387', '2026-12-06 16:07:25.030004+00', '2026-12-06 16:07:25.086725+00', 2, NULL, NULL, NULL, false, NULL, NULL, NULL);
INSERT INTO public.complaints VALUES (7, 'GW4YXJAXEYD5', 'complaint', 'web', 7, 'Le conteneur n''a pas été vidé depuis cinq jours.', NULL, NULL, 'Place du marché', NULL, NULL, NULL, 'in_progress', '2026-12-07 16:07:25.092736+00', '2026-12-13 16:07:25.092736+00', NULL, NULL, NULL, 'a8671af9-2779-4b9b-a9ea-e3ebe9de379a', '2026-12-06 16:07:25.093659+00', '2026-12-06 16:07:25.109601+00', 2, NULL, NULL, NULL, false, NULL, NULL, NULL);
INSERT INTO public.complaints VALUES (8, 'V5JWE3V3HR6T', 'complaint', 'web', 8, 'Fuite d''eau sur la conduite principale, la rue est inondée.', NULL, NULL, 'Rue 12, quartier industriel', NULL, NULL, NULL, 'resolved', '2026-12-07 04:07:25.11463+00', '2026-12-16 16:07:25.11463+00', '2026-12-06 16:07:25.133644+00', NULL, NULL, '1beec70a-d6bf-43b5-a98f-64cbee2fe616', '2026-12-06 16:07:25.115077+00', '2026-12-06 16:07:25.138423+00', 2, NULL, NULL, NULL, false, 4, 'Intervention rapide, merci.', '2026-12-06 16:07:25.138138+00');
INSERT INTO public.complaints VALUES (9, '59HXE63UXWZF', 'complaint', 'web', 9, 'Nid-de-poule profond devant l''école primaire, dangereux pour les vélos.', NULL, NULL, 'Avenue Hassan II, devant l''école', NULL, NULL, NULL, 'received', '2026-12-08 16:07:26.005503+00', '2027-01-05 16:07:26.005503+00', NULL, NULL, NULL, '152c3dd7-4e38-4a5f-aad2-d919ca076304', '2026-12-06 16:07:26.00644+00', '2026-12-06 16:07:26.006442+00', 3, NULL, NULL, NULL, false, NULL, NULL, NULL);
INSERT INTO public.complaints VALUES (10, '48YC4XCUY8TM', 'complaint', 'web', 10, 'Trois lampadaires éteints depuis une semaine dans la ruelle.', NULL, NULL, 'Derb Sidi Ahmed', NULL, 'resident@example.org', NULL, 'acknowledged', '2026-12-07 16:07:26.03446+00', '2026-12-21 16:07:26.03446+00', NULL, NULL, NULL, 'b8db0a7f-08d3-4e2d-b097-ac683ec9be7f', '2026-12-06 16:07:26.036171+00', '2026-12-06 16:07:26.085257+00', 3, NULL, NULL, NULL, false, NULL, NULL, NULL);
INSERT INTO public.complaints VALUES (11, 'JZPSZ46UFSYY', 'complaint', 'web', 11, 'Le conteneur n''a pas été vidé depuis cinq jours.', NULL, NULL, 'Place du marché', NULL, NULL, NULL, 'in_progress', '2026-12-07 16:07:26.090046+00', '2026-12-13 16:07:26.090046+00', NULL, NULL, NULL, 'ce53c939-45e3-4aab-b929-121b724ea760', '2026-12-06 16:07:26.0908+00', '2026-12-06 16:07:26.103842+00', 3, NULL, NULL, NULL, false, NULL, NULL, NULL);
INSERT INTO public.complaints VALUES (2, 'K6TK4BHMC2YS', 'complaint', 'web', 2, 'Trois lampadaires éteints depuis une semaine dans la ruelle.', NULL, NULL, 'Derb Sidi Ahmed', NULL, 'resident@example.org', NULL, 'acknowledged', '2026-12-07 16:07:23.855611+00', '2026-12-21 16:07:23.855611+00', NULL, NULL, NULL, 'aef06bae-7223-468b-a348-4a3e2a398c3a', '2026-12-06 16:07:23.856851+00', '2026-12-06 16:07:27.855669+00', 1, 1, 1, 'email', true, 4, 'Rapide', '2026-11-30 10:00:00+00');
INSERT INTO public.complaints VALUES (12, '5U875GAA7FR7', 'complaint', 'web', 12, 'Fuite d''eau sur la conduite principale, la rue est inondée.', NULL, NULL, 'Rue 12, quartier industriel', NULL, NULL, NULL, 'resolved', '2026-12-07 04:07:26.108575+00', '2026-12-16 16:07:26.108575+00', '2026-12-06 16:07:26.126937+00', NULL, NULL, '5893a16d-ea86-45af-b2dc-7e5d8cb0a507', '2026-12-06 16:07:26.108961+00', '2026-12-06 16:07:26.132175+00', 3, NULL, NULL, NULL, false, 4, 'Intervention rapide, merci.', '2026-12-06 16:07:26.131843+00');


--
-- Data for Name: consolidation_campaigns; Type: TABLE DATA; Schema: public; Owner: -
--

INSERT INTO public.consolidation_campaigns VALUES (1, 1, 1, 1, '2026-11', '2026-12-16', 'system:demo', NULL, '93e72082-959f-4019-8521-97ddd2a943ba', '2026-12-06 16:07:23.985271+00', '2026-12-06 16:07:23.985277+00');
INSERT INTO public.consolidation_campaigns VALUES (2, 2, 1, 1, '2026-11', '2026-12-16', 'system:demo', NULL, '8858a081-c4fb-49fd-8f0d-118fa01d430c', '2026-12-06 16:07:26.140082+00', '2026-12-06 16:07:26.140084+00');


--
-- Data for Name: consolidation_returns; Type: TABLE DATA; Schema: public; Owner: -
--

INSERT INTO public.consolidation_returns VALUES (1, 1, 1, '{"civil_acts": {"birth": 164, "death": 41, "marriage": 20, "divorce": 4, "other": 3}, "complaints_received": 123, "complaints_resolved": 115, "complaints_online_share": "35", "permits_filed": 46, "permits_issued": 41, "revenue": {"local_taxes": "430500.50", "fees": "94300", "property": "32800", "other": "0"}, "data_source": "software", "remarks": null}', '[]', 'demo', NULL, NULL, 'system:demo', NULL, '2026-12-06 16:07:23.993887+00', NULL, 'df1f7264-1561-4af4-a3cc-63899b8a3bed', 1);
INSERT INTO public.consolidation_returns VALUES (2, 1, 2, '{"civil_acts": {"birth": 164, "death": 41, "marriage": 20, "divorce": 4, "other": 3}, "complaints_received": 123, "complaints_resolved": 114, "complaints_online_share": "35", "permits_filed": 46, "permits_issued": 41, "revenue": {"local_taxes": "430500.50", "fees": "94300", "property": "32800", "other": "0"}, "data_source": "software", "remarks": "Corrected count of resolved complaints."}', '[]', 'demo', NULL, NULL, 'system:demo', NULL, '2026-12-06 16:07:23.998835+00', NULL, '062721aa-55ef-4425-ab5c-190a7ae8ab5a', 1);
INSERT INTO public.consolidation_returns VALUES (3, 2, 1, '{"civil_acts": {"birth": 252, "death": 63, "marriage": 31, "divorce": 6, "other": 3}, "complaints_received": 189, "complaints_resolved": 181, "complaints_online_share": "35", "permits_filed": 68, "permits_issued": 63, "revenue": {"local_taxes": "661500.50", "fees": "144900", "property": "50400", "other": "0"}, "data_source": "software", "remarks": null}', '[]', 'demo', NULL, NULL, 'system:demo', NULL, '2026-12-06 16:07:26.144477+00', NULL, '2c0cf235-d327-4d55-b387-51379d4b094f', 3);


--
-- Data for Name: consolidation_set_versions; Type: TABLE DATA; Schema: public; Owner: -
--

INSERT INTO public.consolidation_set_versions VALUES (1, 1, 1, '{"sections": [{"code": "civil_status", "label_fr": "\u00c9tat civil", "label_ar": "\u0627\u0644\u062d\u0627\u0644\u0629 \u0627\u0644\u0645\u062f\u0646\u064a\u0629"}, {"code": "complaints", "label_fr": "R\u00e9clamations", "label_ar": "\u0627\u0644\u0634\u0643\u0627\u064a\u0627\u062a"}, {"code": "permits", "label_fr": "Autorisations", "label_ar": "\u0627\u0644\u0631\u062e\u0635"}, {"code": "revenue", "label_fr": "Recettes", "label_ar": "\u0627\u0644\u0645\u062f\u0627\u062e\u064a\u0644"}, {"code": "about", "label_fr": "Remarques", "label_ar": "\u0645\u0644\u0627\u062d\u0638\u0627\u062a"}], "indicators": [{"code": "civil_acts", "label_fr": "Actes d''\u00e9tat civil enregistr\u00e9s", "label_ar": "\u0631\u0633\u0648\u0645 \u0627\u0644\u062d\u0627\u0644\u0629 \u0627\u0644\u0645\u062f\u0646\u064a\u0629 \u0627\u0644\u0645\u0633\u062c\u0644\u0629", "type": "integer", "section": "civil_status", "unit": "nombre", "required": true, "minimum": "0", "maximum": "1000000", "breakdown": "act_kind", "choices": [], "help_fr": "Nombre enregistr\u00e9 pendant la p\u00e9riode ; 0 s''il n''y en a aucun.", "help_ar": "\u0627\u0644\u0639\u062f\u062f \u0627\u0644\u0645\u0633\u062c\u0644 \u062e\u0644\u0627\u0644 \u0627\u0644\u0641\u062a\u0631\u0629\u061b 0 \u0625\u0646 \u0644\u0645 \u064a\u0648\u062c\u062f \u0623\u064a \u0634\u064a\u0621."}, {"code": "complaints_received", "label_fr": "R\u00e9clamations re\u00e7ues", "label_ar": "\u0627\u0644\u0634\u0643\u0627\u064a\u0627\u062a \u0627\u0644\u0648\u0627\u0631\u062f\u0629", "type": "integer", "section": "complaints", "unit": "nombre", "required": true, "minimum": "0", "maximum": "1000000", "breakdown": null, "choices": [], "help_fr": "Nombre enregistr\u00e9 pendant la p\u00e9riode ; 0 s''il n''y en a aucun.", "help_ar": "\u0627\u0644\u0639\u062f\u062f \u0627\u0644\u0645\u0633\u062c\u0644 \u062e\u0644\u0627\u0644 \u0627\u0644\u0641\u062a\u0631\u0629\u061b 0 \u0625\u0646 \u0644\u0645 \u064a\u0648\u062c\u062f \u0623\u064a \u0634\u064a\u0621."}, {"code": "complaints_resolved", "label_fr": "R\u00e9clamations trait\u00e9es", "label_ar": "\u0627\u0644\u0634\u0643\u0627\u064a\u0627\u062a \u0627\u0644\u0645\u0639\u0627\u0644\u062c\u0629", "type": "integer", "section": "complaints", "unit": "nombre", "required": true, "minimum": "0", "maximum": "1000000", "breakdown": null, "choices": [], "help_fr": "Nombre enregistr\u00e9 pendant la p\u00e9riode ; 0 s''il n''y en a aucun.", "help_ar": "\u0627\u0644\u0639\u062f\u062f \u0627\u0644\u0645\u0633\u062c\u0644 \u062e\u0644\u0627\u0644 \u0627\u0644\u0641\u062a\u0631\u0629\u061b 0 \u0625\u0646 \u0644\u0645 \u064a\u0648\u062c\u062f \u0623\u064a \u0634\u064a\u0621."}, {"code": "complaints_online_share", "label_fr": "Part des r\u00e9clamations d\u00e9pos\u00e9es en ligne", "label_ar": "\u0646\u0633\u0628\u0629 \u0627\u0644\u0634\u0643\u0627\u064a\u0627\u062a \u0627\u0644\u0645\u0648\u062f\u0639\u0629 \u0639\u0628\u0631 \u0627\u0644\u0625\u0646\u062a\u0631\u0646\u062a", "type": "percentage", "section": "complaints", "unit": "%", "required": false, "minimum": "0", "maximum": "100", "breakdown": null, "choices": [], "help_fr": "Entre 0 % et 100 %.", "help_ar": "\u0628\u064a\u0646 0\u066a \u0648100\u066a."}, {"code": "permits_filed", "label_fr": "Demandes d''autorisation d\u00e9pos\u00e9es", "label_ar": "\u0637\u0644\u0628\u0627\u062a \u0627\u0644\u0631\u062e\u0635 \u0627\u0644\u0645\u0648\u062f\u0639\u0629", "type": "integer", "section": "permits", "unit": "nombre", "required": true, "minimum": "0", "maximum": "1000000", "breakdown": null, "choices": [], "help_fr": "Nombre enregistr\u00e9 pendant la p\u00e9riode ; 0 s''il n''y en a aucun.", "help_ar": "\u0627\u0644\u0639\u062f\u062f \u0627\u0644\u0645\u0633\u062c\u0644 \u062e\u0644\u0627\u0644 \u0627\u0644\u0641\u062a\u0631\u0629\u061b 0 \u0625\u0646 \u0644\u0645 \u064a\u0648\u062c\u062f \u0623\u064a \u0634\u064a\u0621."}, {"code": "permits_issued", "label_fr": "Autorisations d\u00e9livr\u00e9es", "label_ar": "\u0627\u0644\u0631\u062e\u0635 \u0627\u0644\u0645\u0633\u0644\u0645\u0629", "type": "integer", "section": "permits", "unit": "nombre", "required": true, "minimum": "0", "maximum": "1000000", "breakdown": null, "choices": [], "help_fr": "Nombre enregistr\u00e9 pendant la p\u00e9riode ; 0 s''il n''y en a aucun.", "help_ar": "\u0627\u0644\u0639\u062f\u062f \u0627\u0644\u0645\u0633\u062c\u0644 \u062e\u0644\u0627\u0644 \u0627\u0644\u0641\u062a\u0631\u0629\u061b 0 \u0625\u0646 \u0644\u0645 \u064a\u0648\u062c\u062f \u0623\u064a \u0634\u064a\u0621."}, {"code": "revenue", "label_fr": "Recettes encaiss\u00e9es", "label_ar": "\u0627\u0644\u0645\u062f\u0627\u062e\u064a\u0644 \u0627\u0644\u0645\u062d\u0635\u0644\u0629", "type": "decimal", "section": "revenue", "unit": "currency", "required": true, "minimum": "0", "maximum": null, "breakdown": "revenue_category", "choices": [], "help_fr": "Montant encaiss\u00e9 pendant le mois, dans la monnaie de la commune.", "help_ar": "\u0627\u0644\u0645\u0628\u0644\u063a \u0627\u0644\u0645\u062d\u0635\u0644 \u062e\u0644\u0627\u0644 \u0627\u0644\u0634\u0647\u0631 \u0628\u0639\u0645\u0644\u0629 \u0627\u0644\u062c\u0645\u0627\u0639\u0629."}, {"code": "data_source", "label_fr": "Source des chiffres", "label_ar": "\u0645\u0635\u062f\u0631 \u0627\u0644\u0623\u0631\u0642\u0627\u0645", "type": "choice", "section": "about", "unit": "", "required": false, "minimum": null, "maximum": null, "breakdown": null, "choices": [{"code": "registers", "label_fr": "Registres", "label_ar": "\u0627\u0644\u0633\u062c\u0644\u0627\u062a"}, {"code": "software", "label_fr": "Logiciel de gestion", "label_ar": "\u0628\u0631\u0646\u0627\u0645\u062c \u0627\u0644\u062a\u062f\u0628\u064a\u0631"}, {"code": "estimate", "label_fr": "Estimation", "label_ar": "\u062a\u0642\u062f\u064a\u0631"}], "help_fr": "D''o\u00f9 viennent les chiffres de ce relev\u00e9.", "help_ar": "\u0645\u0646 \u0623\u064a\u0646 \u062a\u0623\u062a\u064a \u0623\u0631\u0642\u0627\u0645 \u0647\u0630\u0627 \u0627\u0644\u062c\u062f\u0648\u0644."}, {"code": "remarks", "label_fr": "Remarques", "label_ar": "\u0645\u0644\u0627\u062d\u0638\u0627\u062a", "type": "text", "section": "about", "unit": "", "required": false, "minimum": null, "maximum": "500", "breakdown": null, "choices": [], "help_fr": "500 caract\u00e8res au plus.", "help_ar": "500 \u062d\u0631\u0641 \u0639\u0644\u0649 \u0627\u0644\u0623\u0643\u062b\u0631."}], "breakdowns": [{"code": "act_kind", "label_fr": "Nature de l''acte", "label_ar": "\u0646\u0648\u0639 \u0627\u0644\u0631\u0633\u0645", "members": [{"code": "birth", "label_fr": "Naissances", "label_ar": "\u0627\u0644\u0648\u0644\u0627\u062f\u0627\u062a"}, {"code": "death", "label_fr": "D\u00e9c\u00e8s", "label_ar": "\u0627\u0644\u0648\u0641\u064a\u0627\u062a"}, {"code": "marriage", "label_fr": "Mariages", "label_ar": "\u0627\u0644\u0632\u0648\u0627\u062c"}, {"code": "divorce", "label_fr": "Divorces", "label_ar": "\u0627\u0644\u0637\u0644\u0627\u0642"}, {"code": "other", "label_fr": "Autres mentions", "label_ar": "\u0628\u064a\u0627\u0646\u0627\u062a \u0623\u062e\u0631\u0649"}]}, {"code": "revenue_category", "label_fr": "Cat\u00e9gorie de recette", "label_ar": "\u0635\u0646\u0641 \u0627\u0644\u0645\u062f\u0627\u062e\u064a\u0644", "members": [{"code": "local_taxes", "label_fr": "Taxes locales", "label_ar": "\u0627\u0644\u0631\u0633\u0648\u0645 \u0627\u0644\u0645\u062d\u0644\u064a\u0629"}, {"code": "fees", "label_fr": "Droits et redevances", "label_ar": "\u0627\u0644\u062d\u0642\u0648\u0642 \u0648\u0627\u0644\u0623\u062a\u0627\u0648\u0649"}, {"code": "property", "label_fr": "Produits du domaine", "label_ar": "\u0645\u062f\u0627\u062e\u064a\u0644 \u0627\u0644\u0623\u0645\u0644\u0627\u0643"}, {"code": "other", "label_fr": "Autres recettes", "label_ar": "\u0645\u062f\u0627\u062e\u064a\u0644 \u0623\u062e\u0631\u0649"}]}], "checks": [{"code": "complaints_resolved_le_received", "left": ["complaints_resolved"], "operator": "<=", "right": ["complaints_received"], "message_fr": "Les r\u00e9clamations trait\u00e9es ne peuvent d\u00e9passer les r\u00e9clamations re\u00e7ues.", "message_ar": "\u0644\u0627 \u064a\u0645\u0643\u0646 \u0623\u0646 \u062a\u062a\u062c\u0627\u0648\u0632 \u0627\u0644\u0634\u0643\u0627\u064a\u0627\u062a \u0627\u0644\u0645\u0639\u0627\u0644\u062c\u0629 \u0627\u0644\u0634\u0643\u0627\u064a\u0627\u062a \u0627\u0644\u0648\u0627\u0631\u062f\u0629."}, {"code": "permits_issued_le_filed", "left": ["permits_issued"], "operator": "<=", "right": ["permits_filed"], "message_fr": "Les autorisations d\u00e9livr\u00e9es ne peuvent d\u00e9passer les demandes d\u00e9pos\u00e9es.", "message_ar": "\u0644\u0627 \u064a\u0645\u0643\u0646 \u0623\u0646 \u062a\u062a\u062c\u0627\u0648\u0632 \u0627\u0644\u0631\u062e\u0635 \u0627\u0644\u0645\u0633\u0644\u0645\u0629 \u0627\u0644\u0637\u0644\u0628\u0627\u062a \u0627\u0644\u0645\u0648\u062f\u0639\u0629."}]}', 'system:demo', '0a94286b-a478-497e-ac53-01be6cb55635', '2026-12-06 16:07:23.968136+00', '2026-12-06 16:07:23.968139+00');
INSERT INTO public.consolidation_set_versions VALUES (2, 2, 1, '{"sections": [{"code": "execution", "label_fr": "Ex\u00e9cution du budget", "label_ar": "\u062a\u0646\u0641\u064a\u0630 \u0627\u0644\u0645\u064a\u0632\u0627\u0646\u064a\u0629"}, {"code": "about", "label_fr": "Adoption", "label_ar": "\u0627\u0644\u0645\u0635\u0627\u062f\u0642\u0629"}], "indicators": [{"code": "credits", "label_fr": "Cr\u00e9dits ouverts", "label_ar": "\u0627\u0644\u0627\u0639\u062a\u0645\u0627\u062f\u0627\u062a \u0627\u0644\u0645\u0641\u062a\u0648\u062d\u0629", "type": "decimal", "section": "execution", "unit": "currency", "required": true, "minimum": "0", "maximum": null, "breakdown": "chapter", "choices": [], "help_fr": "Cr\u00e9dits de l''ann\u00e9e apr\u00e8s virements.", "help_ar": "\u0627\u0639\u062a\u0645\u0627\u062f\u0627\u062a \u0627\u0644\u0633\u0646\u0629 \u0628\u0639\u062f \u0627\u0644\u062a\u062d\u0648\u064a\u0644\u0627\u062a."}, {"code": "committed", "label_fr": "Engagements", "label_ar": "\u0627\u0644\u0627\u0644\u062a\u0632\u0627\u0645\u0627\u062a", "type": "decimal", "section": "execution", "unit": "currency", "required": true, "minimum": "0", "maximum": null, "breakdown": "chapter", "choices": [], "help_fr": "D\u00e9penses engag\u00e9es pendant l''ann\u00e9e.", "help_ar": "\u0627\u0644\u0646\u0641\u0642\u0627\u062a \u0627\u0644\u0645\u0644\u062a\u0632\u0645 \u0628\u0647\u0627 \u062e\u0644\u0627\u0644 \u0627\u0644\u0633\u0646\u0629."}, {"code": "paid", "label_fr": "Paiements", "label_ar": "\u0627\u0644\u0623\u062f\u0627\u0621\u0627\u062a", "type": "decimal", "section": "execution", "unit": "currency", "required": true, "minimum": "0", "maximum": null, "breakdown": "chapter", "choices": [], "help_fr": "D\u00e9penses pay\u00e9es pendant l''ann\u00e9e.", "help_ar": "\u0627\u0644\u0646\u0641\u0642\u0627\u062a \u0627\u0644\u0645\u0624\u062f\u0627\u0629 \u062e\u0644\u0627\u0644 \u0627\u0644\u0633\u0646\u0629."}, {"code": "adopted_on", "label_fr": "Date d''adoption du budget", "label_ar": "\u062a\u0627\u0631\u064a\u062e \u0627\u0644\u0645\u0635\u0627\u062f\u0642\u0629 \u0639\u0644\u0649 \u0627\u0644\u0645\u064a\u0632\u0627\u0646\u064a\u0629", "type": "date", "section": "about", "unit": "", "required": false, "minimum": "2000-01-01", "maximum": "2100-12-31", "breakdown": null, "choices": [], "help_fr": "Date de la d\u00e9lib\u00e9ration du conseil.", "help_ar": "\u062a\u0627\u0631\u064a\u062e \u0645\u062f\u0627\u0648\u0644\u0629 \u0627\u0644\u0645\u062c\u0644\u0633."}], "breakdowns": [{"code": "chapter", "label_fr": "Chapitre budg\u00e9taire", "label_ar": "\u0627\u0644\u0641\u0635\u0644 \u0627\u0644\u0645\u064a\u0632\u0627\u0646\u064a\u0627\u062a\u064a", "members": [{"code": "personnel", "label_fr": "D\u00e9penses de personnel", "label_ar": "\u0646\u0641\u0642\u0627\u062a \u0627\u0644\u0645\u0648\u0638\u0641\u064a\u0646"}, {"code": "operations", "label_fr": "Fonctionnement courant", "label_ar": "\u0646\u0641\u0642\u0627\u062a \u0627\u0644\u062a\u0633\u064a\u064a\u0631"}, {"code": "debt", "label_fr": "Service de la dette", "label_ar": "\u062e\u062f\u0645\u0629 \u0627\u0644\u062f\u064a\u0646"}, {"code": "equipment", "label_fr": "\u00c9quipement", "label_ar": "\u0627\u0644\u062a\u062c\u0647\u064a\u0632"}, {"code": "transfers", "label_fr": "Transferts et subventions", "label_ar": "\u0627\u0644\u062a\u062d\u0648\u064a\u0644\u0627\u062a \u0648\u0627\u0644\u0625\u0639\u0627\u0646\u0627\u062a"}]}], "checks": [{"code": "committed_le_credits", "left": ["committed"], "operator": "<=", "right": ["credits"], "message_fr": "Les engagements ne peuvent d\u00e9passer les cr\u00e9dits ouverts.", "message_ar": "\u0644\u0627 \u064a\u0645\u0643\u0646 \u0623\u0646 \u062a\u062a\u062c\u0627\u0648\u0632 \u0627\u0644\u0627\u0644\u062a\u0632\u0627\u0645\u0627\u062a \u0627\u0644\u0627\u0639\u062a\u0645\u0627\u062f\u0627\u062a \u0627\u0644\u0645\u0641\u062a\u0648\u062d\u0629."}, {"code": "paid_le_committed", "left": ["paid"], "operator": "<=", "right": ["committed"], "message_fr": "Les paiements ne peuvent d\u00e9passer les engagements.", "message_ar": "\u0644\u0627 \u064a\u0645\u0643\u0646 \u0623\u0646 \u062a\u062a\u062c\u0627\u0648\u0632 \u0627\u0644\u0623\u062f\u0627\u0621\u0627\u062a \u0627\u0644\u0627\u0644\u062a\u0632\u0627\u0645\u0627\u062a."}]}', 'system:demo', '76e705a5-4aa7-4ff4-ba00-cedcd5e478fe', '2026-12-06 16:07:23.973032+00', '2026-12-06 16:07:23.973035+00');


--
-- Data for Name: consolidation_sets; Type: TABLE DATA; Schema: public; Owner: -
--

INSERT INTO public.consolidation_sets VALUES (1, NULL, 'activity-monthly', 'Activité mensuelle', 'النشاط الشهري', 'month', '6f14af16-3bc4-40d4-adb9-523f87b18519', '2026-12-06 16:07:23.966056+00', '2026-12-06 16:07:23.966059+00');
INSERT INTO public.consolidation_sets VALUES (2, NULL, 'budget-execution', 'Exécution du budget', 'تنفيذ الميزانية', 'year', 'd2e07cf8-f994-48c2-9e46-15f7c2c9f999', '2026-12-06 16:07:23.972133+00', '2026-12-06 16:07:23.972136+00');


--
-- Data for Name: gis_buildability_runs; Type: TABLE DATA; Schema: public; Owner: -
--

INSERT INTO public.gis_buildability_runs VALUES (1, 1, '2026-11-30', 'done', 1, '{"buildable": 1}', 'planner@example.org', '2026-11-30 10:00:00+00', '1fa2a22b-8a01-4920-b4fb-76d3824b6c93', '2026-11-30 10:00:00+00', '2026-11-30 10:00:00+00', 1);


--
-- Data for Name: gis_commune_boundaries; Type: TABLE DATA; Schema: public; Owner: -
--

INSERT INTO public.gis_commune_boundaries VALUES (1, 'demo', NULL, '01030000204F6600000100000005000000AA034DE790A71641F10758E8F0771741AA034DE7F89E1641F10758E8F0771741AA034DE7F89E1641F10758E838801741AA034DE790A71641F10758E838801741AA034DE790A71641F10758E8F0771741', '0103000020E6100000010000000500000043627D5C342D1BC03338183EA1064140DDBE233F4E331BC002E91F119F064140514AE47062331BC0A9B329AA3B074140952F3F78482D1BC0489129D73D07414043627D5C342D1BC03338183EA1064140', '2026-12-06 16:07:24.033731+00', '2026-12-06 16:07:24.033739+00', 1);
INSERT INTO public.gis_commune_boundaries VALUES (2, 'demo', NULL, '01030000204F66000001000000050000007C55770B0009164100461AE695A216417C55770B6800164100461AE695A216417C55770B6800164100461AE6DDAA16417C55770B0009164100461AE6DDAA16417C55770B0009164100461AE695A21641', '0103000020E61000000100000005000000BDF3A1B1989B1BC0670E2C06B5F64040E2A2C852B0A11BC000F032AEB2F6404027379A0AC6A11BC0C43286484FF740400F348553AE9B1BC07A7987A051F74040BDF3A1B1989B1BC0670E2C06B5F64040', '2026-12-06 16:07:25.151813+00', '2026-12-06 16:07:25.151818+00', 2);
INSERT INTO public.gis_commune_boundaries VALUES (3, 'demo', NULL, '0103000020757F00000100000005000000F6196A1E549622410377C7642E523541F6196A1E089222410377C7642E523541F6196A1E089222410377C76440543541F6196A1E549622410377C76440543541F6196A1E549622410377C7642E523541', '0103000020E610000001000000050000009648B3AC9EFB1FC070279CA49146294046C7BE10670020C0B1FAF522944629405BC4CE9F640020C0EF360E3D0849294059617EC499FB1FC0EA7174BE054929409648B3AC9EFB1FC070279CA491462940', '2026-12-06 16:07:26.155029+00', '2026-12-06 16:07:26.155035+00', 3);


--
-- Data for Name: gis_import_runs; Type: TABLE DATA; Schema: public; Owner: -
--

INSERT INTO public.gis_import_runs VALUES (1, 'parcels', 'done', 100, 'parcels.geojson', 'k1', 1234, '{"crs": "EPSG:26191"}', '{"errors": []}', 3, 'planner@example.org', '2026-11-30 10:00:00+00', 'f61d02e6-e052-484f-a889-68356b9c3eef', '2026-11-30 10:00:00+00', '2026-11-30 10:00:00+00', 1);


--
-- Data for Name: gis_parcel_buildability; Type: TABLE DATA; Schema: public; Owner: -
--

INSERT INTO public.gis_parcel_buildability VALUES (1, 1, 1, 'T100000', 500, '["R1"]', true, 120, 360, 12, '["housing"]', '[]', '0103000020E61000000100000005000000EFE6A13071311BC03E417F0FCC06414087AD292472311BC0B0967D72D306414004AC27F0AA311BC09DFD375ED3064140F73C96FCA9311BC07DAB39FBCB064140EFE6A13071311BC03E417F0FCC064140', '22222222-2222-4222-8222-222222222222', 1, 18.5, true);


--
-- Data for Name: gis_parcels; Type: TABLE DATA; Schema: public; Owner: -
--

INSERT INTO public.gis_parcels VALUES (2, 'T100001', 500, 'Propriétaire 2', NULL, '01030000204F6600000100000005000000AA034DE7F0A11641F10758E8487A1741AA034DE7F0A11641F10758E8AC7A1741AA034DE7A0A11641F10758E8AC7A1741AA034DE7A0A11641F10758E8487A1741AA034DE7F0A11641F10758E8487A1741', '0103000020E61000000100000005000000F45BAD6438311BC02609C423CC064140197A2B5839311BC0EB61C286D306414087AD292472311BC0B0967D72D3064140EFE6A13071311BC03E417F0FCC064140F45BAD6438311BC02609C423CC064140', 'c607b3ef-635e-4fa6-bc01-2e1dd2bf3be8', '2026-12-06 16:07:24.048905+00', '2026-12-06 16:07:24.048906+00', 1, 20);
INSERT INTO public.gis_parcels VALUES (3, 'T100002', 500, 'Propriétaire 3', NULL, '01030000204F6600000100000005000000AA034DE740A21641F10758E8487A1741AA034DE740A21641F10758E8AC7A1741AA034DE7F0A11641F10758E8AC7A1741AA034DE7F0A11641F10758E8487A1741AA034DE740A21641F10758E8487A1741', '0103000020E61000000100000005000000089CB898FF301BC03B030838CC064140BA112D8C00311BC0515F069BD3064140197A2B5839311BC0EB61C286D3064140F45BAD6438311BC02609C423CC064140089CB898FF301BC03B030838CC064140', 'ef322064-7a0b-4396-8372-fe6ec17a78cb', '2026-12-06 16:07:24.048909+00', '2026-12-06 16:07:24.04891+00', 1, 20);
INSERT INTO public.gis_parcels VALUES (97, 'T100000', 500, 'Propriétaire 1', NULL, '01030000204F66000001000000050000007C55770B1003164100461AE6EDA416417C55770B1003164100461AE651A516417C55770BC002164100461AE651A516417C55770BC002164100461AE6EDA416417C55770B1003164100461AE6EDA41641', '0103000020E6100000010000000500000013B32D65D49F1BC0E7053ABADFF6404099DA1B6BD59F1BC0BCE3471DE7F64040109319220EA01BC07DF87107E7F640404CCA211C0DA01BC03B1E64A4DFF6404013B32D65D49F1BC0E7053ABADFF64040', '8e8c485d-f8ab-4df7-a8f5-ae4fba4495ab', '2026-12-06 16:07:25.153667+00', '2026-12-06 16:07:25.15367+00', 2, 45);
INSERT INTO public.gis_parcels VALUES (193, 'T100000', 500, 'Propriétaire 1', NULL, '0103000020757F00000100000005000000F6196A1E5C9322410377C764C4523541F6196A1E5C9322410377C764DD523541F6196A1E349322410377C764DD523541F6196A1E349322410377C764C4523541F6196A1E5C9322410377C764C4523541', '0103000020E61000000100000005000000C1A1337132FF1FC0735CBE2145472940245E283632FF1FC0511B5EC2624729406901A67B62FF1FC0C30F8FD962472940577DAEB662FF1FC0D734EF3845472940C1A1337132FF1FC0735CBE2145472940', '7972b691-05df-473f-9095-6a02d6ca8d67', '2026-12-06 16:07:26.157187+00', '2026-12-06 16:07:26.157192+00', 3, 45);
INSERT INTO public.gis_parcels VALUES (1, 'T100000', 500, 'Propriétaire 1', 1, '01030000204F6600000100000005000000AA034DE7A0A11641F10758E8487A1741AA034DE7A0A11641F10758E8AC7A1741AA034DE750A11641F10758E8AC7A1741AA034DE750A11641F10758E8487A1741AA034DE7A0A11641F10758E8487A1741', '0103000020E61000000100000005000000EFE6A13071311BC03E417F0FCC06414087AD292472311BC0B0967D72D306414004AC27F0AA311BC09DFD375ED3064140F73C96FCA9311BC07DAB39FBCB064140EFE6A13071311BC03E417F0FCC064140', '5718cead-86d8-464e-866a-c224026ebad0', '2026-12-06 16:07:24.048882+00', '2026-12-06 16:07:27.863515+00', 1, 18.5);


--
-- Data for Name: gis_servitude_layers; Type: TABLE DATA; Schema: public; Owner: -
--

INSERT INTO public.gis_servitude_layers VALUES (1, 'Zone inondable de l''oued', 'flood_risk', 'forbid', NULL, '', 'Plan de prévention du risque d''inondation', NULL, '8c727b73-705c-4c14-86bb-fa8e8f10292e', '2026-12-06 16:07:24.074591+00', '2026-12-06 16:07:24.074599+00', 1);
INSERT INTO public.gis_servitude_layers VALUES (2, 'Abords de la médina', 'heritage', 'require_opinion', NULL, 'Inspection régionale des monuments historiques', 'Dahir de classement des monuments historiques', NULL, '07f2324d-1e37-4fca-8a8c-13e91d7fc876', '2026-12-06 16:07:24.085718+00', '2026-12-06 16:07:24.085722+00', 1);
INSERT INTO public.gis_servitude_layers VALUES (3, 'Zone inondable de l''oued', 'flood_risk', 'forbid', NULL, '', 'Plan de prévention du risque d''inondation', NULL, 'ee27f2d6-0663-4c5f-97bb-2dbdb22111f8', '2026-12-06 16:07:25.166718+00', '2026-12-06 16:07:25.166721+00', 2);
INSERT INTO public.gis_servitude_layers VALUES (4, 'Abords de la médina', 'heritage', 'require_opinion', NULL, 'Inspection régionale des monuments historiques', 'Dahir de classement des monuments historiques', NULL, '788ce360-a151-41d6-aaa4-dc3f4a160773', '2026-12-06 16:07:25.171438+00', '2026-12-06 16:07:25.171441+00', 2);
INSERT INTO public.gis_servitude_layers VALUES (5, 'Zone inondable de l''oued', 'flood_risk', 'forbid', NULL, '', 'Plan de prévention du risque d''inondation', NULL, '623273fa-1bd5-4104-83ea-9174c6361829', '2026-12-06 16:07:26.171029+00', '2026-12-06 16:07:26.171033+00', 3);
INSERT INTO public.gis_servitude_layers VALUES (6, 'Abords de la médina', 'heritage', 'require_opinion', NULL, 'Inspection régionale des monuments historiques', 'Dahir de classement des monuments historiques', NULL, '4122de26-6d75-4d3d-b5de-cb42ab5b7e0b', '2026-12-06 16:07:26.175347+00', '2026-12-06 16:07:26.175349+00', 3);


--
-- Data for Name: gis_servitudes; Type: TABLE DATA; Schema: public; Owner: -
--

INSERT INTO public.gis_servitudes VALUES (1, 1, 'Zone inondable de l''oued', '01030000204F6600000100000043000000F70F8AC7FBA5164174783AB0AC7A17415B17E6A901A61641DB721CE7AC7A1741BC5A628A07A616419D9D148AAC7A1741E3A9815A0DA61641C254089AAB7A1741232CEF0B13A61641FB694719AA7A174196B5A19018A616418971860BA87A1741C861FEDA1DA61641A09FD575A57A1741871EFADD22A61641AF4C945EA27A174115D4398D27A61641703F61CD9E7A174185DB30DD2BA616416DE307CB9A7A17411C783DC32FA616414C9A6A61967A17418B0DC33533A616415C5D6A9B917A174163D2412C36A6164174EBCB848C7A17414BC46B9F38A6164143C51A2A877A17415CAA36893AA616419D3F8A98817A17413AF9EAE43BA6164104F8D4DD7B7A17412D742FAF3CA61641A4FB1A08767A1741946E11E63CA6164140F4BE25707A1741569909893CA61641DFB042456A7A17417B50FD983BA61641B8612375647A1741B4653C183AA6164178DFB5C35E7A1741426D7B0A38A616410556033F597A1741599BCA7435A61641D3A9A6F4537A17416848895D32A6164114EDAAF14E7A1741293B56CC2EA6164186376B424A7A174126DFFCC92AA61641163074F2457A174105965F6026A616417F93670C427A174115595F9A21A6164110FEE1993E7A17412DE7C0831CA61641383963A33B7A1741FCC00F2917A6164150473930397A1741563B7F9711A616413F616E46377A1741BDF3C9DC0BA616416112BAEA357A17415DF70F0706A616416E977520357A17415DF70F078EA016416E977520BD791741F9EFB32488A01641079D93E9BC79174198AC374482A0164145729B46BD791741715D18747CA0164120BBA736BE79174131DBAAC276A01641E7A568B7BF791741BE51F83D71A01641599E29C5C17917418CA59BF36BA016414270DA5AC4791741CDE89FF066A0164133C31B72C77917413F33604162A0164172D04E03CB791741CF2B69F15DA01641752CA805CF791741388F5C0B5AA016419675456FD3791741C9F9D69856A0164186B24535D8791741F13458A253A016416E24E44BDD79174109432E2F51A016419F4A95A6E2791741F85C63454FA0164145D02538E87917411A0EAFE94DA01641DE17DBF2ED79174127936A1F4DA016413E1495C8F3791741C09888E84CA01641A21BF1AAF9791741FE6D90454DA01641035F6D8BFF791741D9B69C354EA016412AAE8C5B057A1741A0A15DB64FA016416A30FA0C0B7A1741129A1EC451A01641DDB9AC91107A1741FB6BCF5954A016410F6609DC157A1741ECBE107157A01641CE2205DF1A7A17412BCC43025BA016415CD8448E1F7A17412E289D045FA01641CCDF3BDE237A17414F713A6E63A01641637C48C4277A17413FAE3A3468A01641D211CE362B7A17412720D94A6DA01641AAD64C2D2E7A174158468AA572A0164192C876A0307A1741FECB1A3778A01641A3AE418A327A17419713D0F17DA0164181FDF5E5337A1741F70F8AC783A0164174783AB0347A1741F70F8AC7FBA5164174783AB0AC7A1741', '0103000020E61000000100000043000000BE6AF49E5A2E1BC006BE8688D406414028E00472562E1BC0AE6C118ED406414022840245522E1BC0A698AE88D40641404DE838224E2E1BC05D896B78D4064140CA6ADA134A2E1BC08F56705DD40641406A12E723462E1BC06C85FF37D40641401EE7135C422E1BC0AD647508D40641402603B3C53E2E1BC0EF2847CFD306414046989C693B2E1BC0B0CB018DD30641408A211950382E1BC0DFAF4842D306414054F7CC80352E1BC0EE0ED4EFD20641402E78A502332E1BC09C326F96D2064140B0F4C7DB302E1BC0E77FF636D2064140988882112F2E1BC0825755D2D1064140A8063FA82D2E1BC09FD18369D10641401A1778A32C2E1BC0405A84FDD0064140FDA3B0052C2E1BC01634618FD006414034A86DD02B2E1BC00FE82920D0064140927032042C2E1BC0E1A7F0B0CF06414049587FA02C2E1BC00CAAC742CF064140BC03D3A32D2E1BC0D485BED6CE064140A816AE0B2F2E1BC09B95DF6DCE0641408D5C99D4302E1BC03C662D09CE06414020542EFA322E1BC0AE39A0A9CD064140A3082277352E1BC0D7A22350CD064140841E5245382E1BC0E14094FDCC06414002F3D35D3B2E1BC0359FBDB2CC0641407FA905B93E2E1BC0C43F5870CC0641409CFCA04E422E1BC010D40737CC064140A1A4CF15462E1BC0A1A95907CC064140E42041054A2E1BC0AA4DC3E1CB0641407DAE41134E2E1BC03C6BA1C6CB064140B233D235522E1BC0C2E636B6CB0641407AD4950233321BC08ECD9576C1064140160B832F37321BC06F170A71C1064140DE0C845C3B321BC0EAE16B76C1064140BE514D7F3F321BC02EE8AD86C10641407B82AC8D43321BC01E15A8A1C10641400B9CA17D47321BC02CE617C7C10641400C9777454B321BC0570FA1F6C10641404F56DCDB4E321BC0A45ECE2FC206414083A1F73752321BC01ADD1272C20641406FF3805155321BC0402ACBBCC2064140DAE5D32058321BC0FD0E3F0FC3064140EB08039F5A321BC09943A368C306414067F7E8C55C321BC017651BC8C3064140D17D37905E321BC06C14BC2CC406414006AF84F95F321BC0CB3A8D95C406414009C655FE60321BC0526D8C01C506414038BA279C61321BC0236AAF6FC5064140CF7075D161321BC0CBA8E6DEC5064140467CBB9D61321BC0BFF71F4EC60641406F60790161321BC04D2049BCC60641404E5830FE5F321BC0BB8A5228C70641405CA05F965E321BC0C9DB3191C7064140B64E7ECD5C321BC07C85E4F5C70641401EC8F2A75A321BC07E447255C806414011E7072B58321BC02584EFAEC80641408BEFDF5C55321BC068A37F01C9064140AA6F654452321BC0B214574CC906414093323AE94E321BC0C453BD8EC9064140806FA4534B321BC0B0AC0EC8C906414067637A8C47321BC053CFBDF7C90641408E870C9D43321BC0DA2B551DCA064140CD9A0E8F3F321BC08A147838CA064140E0B57F6C3B321BC046A2E348CA064140BE6AF49E5A2E1BC006BE8688D4064140', '887ef5f5-5e7e-4d0c-b098-9829ca24ae8a', '2026-12-06 16:07:24.087288+00', '2026-12-06 16:07:24.087292+00', 1);
INSERT INTO public.gis_servitudes VALUES (2, 2, 'Abords de la médina', '01030000204F6600000100000041000000AA034DE74CA51641F10758E8407D174122BD69094CA51641A4CBB6432F7D174179F5E27149A51641FCF294CA1D7D1741C58B1C2745A5164138A406A80C7D17412671AB333FA5164126934A06FC7C17411E923BA637A516415DDA610EEC7C17419CAA6B912EA516417CE3AAE7DC7C1741015E9F0B24A516419E5780B7CE7C17413604C82E18A516416507DDA0C17C1741FDB324180BA516419AAD05C4B57C17411F28FAE7FCA41641FF60393EAB7C17413E3143C1EDA416417D796929A27C174175785AC9DDA41641759AF99B9A7C174163679E27CDA41641D67F88A8947C17419F181005BCA416412216C25D907C1741F73FEE8BAAA41641794E3BC68D7C1741AA034DE798A41641F10758E88C7C17415DC7AB4287A41641794E3BC68D7C1741B5EE89C975A416412216C25D907C1741F19FFBA664A41641D67F88A8947C1741DF8E3F0554A41641759AF99B9A7C174116D6560D44A416417D796929A27C174135DF9FE634A41641FF60393EAB7C1741575375B626A416419AAD05C4B57C17411E03D29F19A416416507DDA0C17C174153A9FAC20DA416419E5780B7CE7C1741B85C2E3D03A416417CE3AAE7DC7C174136755E28FAA316415DDA610EEC7C17412E96EE9AF2A3164126934A06FC7C17418F7B7DA7ECA3164138A406A80C7D1741DB11B75CE8A31641FCF294CA1D7D1741324A30C5E5A31641A4CBB6432F7D1741AA034DE7E4A31641F10758E8407D1741324A30C5E5A316413E44F98C527D1741DB11B75CE8A31641E61C1B06647D17418F7B7DA7ECA31641AA6BA928757D17412E96EE9AF2A31641BC7C65CA857D174136755E28FAA3164185354EC2957D1741B85C2E3D03A41641662C05E9A47D174153A9FAC20DA4164144B82F19B37D17411E03D29F19A416417D08D32FC07D1741575375B626A416414862AA0CCC7D174135DF9FE634A41641E3AE7692D67D174116D6560D44A41641659646A7DF7D1741DF8E3F0554A416416D75B634E77D1741F19FFBA664A416410C902728ED7D1741B5EE89C975A41641C0F9ED72F17D17415DC7AB4287A4164169C1740AF47D1741AA034DE798A41641F10758E8F47D1741F73FEE8BAAA4164169C1740AF47D17419F181005BCA41641C0F9ED72F17D174163679E27CDA416410C902728ED7D174175785AC9DDA416416D75B634E77D17413E3143C1EDA41641659646A7DF7D17411F28FAE7FCA41641E3AE7692D67D1741FDB324180BA516414862AA0CCC7D17413604C82E18A516417D08D32FC07D1741015E9F0B24A5164144B82F19B37D17419CAA6B912EA51641662C05E9A47D17411E923BA637A5164185354EC2957D17412671AB333FA51641BC7C65CA857D1741C58B1C2745A51641AA6BA928757D174179F5E27149A51641E61C1B06647D174122BD69094CA516413E44F98C527D1741AA034DE74CA51641F10758E8407D1741', '0103000020E610000001000000410000007DCB990BDD2E1BC037AA0121050741402BD63E7EDD2E1BC0216528D303074140A4BCDA2ADF2E1BC0CBF51588020741402CB04C0DE22E1BC02697FA4201074140AB03781EE62E1BC0EACEF706000741406DB55554EB2E1BC0BFB518D7FE064140C1280DA2F12E1BC045764AB6FD0641406CD213F8F82E1BC0371655A7FC064140158A5344012F1BC0059BD4ACFB064140D12157720A2F1BC0E89A32C9FA06414023D67C6B142F1BC05A4AA0FEF9064140011A2E171F2F1BC07D14114FF906414031351C5B2A2F1BC0F7CB35BCF8064140C41F811B362F1BC0CA7F7847F806414096FA633B422F1BC0DEFEF8F1F7064140427CE09C4E2F1BC05E128ABCF706414028A270215B2F1BC01E76AFA7F706414061F037AA672F1BC0E4939CB3F70641408D864F18742F1BC08F0434E0F70641406D4E124D802F1BC0A3D8072DF80641404288682A8C2F1BC050A75A99F8064140D6FA1193972F1BC060612124F90641403010EE6AA22F1BC097E305CCF9064140612D4197AC2F1BC030426A8FFA064140549AF6FEB52F1BC050C56C6CFB0641403857DE8ABE2F1BC0968CEC60FC0641401847E625C62F1BC05ECE8E6AFD064140BC224EBDCC2F1BC0F2A5C486FE06414092B3D540D22F1BC0F161D1B2FF064140E8E4E4A2D62F1BC0D643D1EB000741406648ADD8D92F1BC0AB9FC02E0207414059BB44DADB2F1BC0884A837803074140DCEAB8A2DC2F1BC06E45ECC504074140ED861B30DC2F1BC09191C5130607414033068783DA2F1BC0FE1AD85E07074140A8EE1BA1D72F1BC0D5A5F3A308074140E9A9F68FD32F1BC095AAF6DF090741400CFE1D5ACE2F1BC0580ED60F0B07414062566A0CC82F1BC093A3A4300C074140C21866B6C02F1BC03E619A3F0D074140BC55276AB82F1BC05A3E1B3A0E074140CF31233CAF2F1BC0E1A0BD1D0F074140D875FB42A52F1BC0975050E80F074140E3C246979A2F1BC0A9DEDF9710074140E6F253538F2F1BC01D75BB2A110741402B3CE992832F1BC0E001799F11074140D0B6FF72772F1BC0A2B3F8F411074140DDED7B116B2F1BC049BF672A12074140822BE48C5E2F1BC0D167423F120741408B361504522F1BC0FE425533120741409F3AF695452F1BC039B8BD0612074140C3962C61392F1BC0FAB7E9B9110741402F4ED0832D2F1BC0C0AC964D11074140B2D5211B222F1BC01EA8CFC210074140B3F44143172F1BC025D0EA1A10074140746BEC160D2F1BC0EB1386570F074140E10936AF032F1BC0E72E837A0E0741402FD94E23FB2E1BC0370503860D074140EEF04888F32E1BC04664607C0C0741406584E4F0EC2E1BC078342A600B07414058A8616DE72E1BC0902A1D340A0741402F43580BE32E1BC00E081DFB08074140358A96D5DF2E1BC0667B2DB8070741408C5E06D4DD2E1BC061B16A6E060741407DCB990BDD2E1BC037AA012105074140', '8f30ede9-4711-4c7d-aee4-64d0ba42aabe', '2026-12-06 16:07:24.089769+00', '2026-12-06 16:07:24.089774+00', 1);
INSERT INTO public.gis_servitudes VALUES (3, 3, 'Zone inondable de l''oued', '01030000204F6600000100000043000000C961B4EB6A07164183B6FCAD51A516412D6910CE70071641EAB0DEE451A516418EAC8CAE76071641ACDBD68751A51641B5FBAB7E7C071641D192CA9750A51641F57D1930820716410AA809174FA516416807CCB48707164198AF48094DA516419AB328FF8C071641AFDD97734AA516415970240292071641BE8A565C47A51641E72564B1960716417F7D23CB43A51641572D5B019B0716417C21CAC83FA51641EEC967E79E0716415BD82C5F3BA516415D5FED59A20716416B9B2C9936A5164135246C50A507164183298E8231A516411D1696C3A70716415203DD272CA516412EFC60ADA9071641AC7D4C9626A516410C4B1509AB071641133697DB20A51641FFC559D3AB071641B339DD051BA5164166C03B0AAC0716414F32812315A5164128EB33ADAB071641EEEE04430FA516414DA227BDAA071641C79FE57209A5164186B7663CA9071641871D78C103A5164114BFA52EA70716411494C53CFEA416412BEDF498A4071641E2E768F2F8A416413A9AB381A1071641232B6DEFF3A41641FB8C80F09D07164195752D40EFA41641F83027EE99071641256E36F0EAA41641D7E78984950716418ED1290AE7A41641E7AA89BE900716411F3CA497E3A41641FF38EBA78B071641477725A1E0A41641CE123A4D860716415F85FB2DDEA41641288DA9BB800716414E9F3044DCA416418F45F4007B07164170507CE8DAA416412F493A2B750716417DD5371EDAA416412F493A2BFD0116417DD5371E62A41641CB41DE48F701164116DB55E761A416416AFE6168F101164154B05D4462A4164143AF4298EB0116412FF9693463A41641032DD5E6E5011641F6E32AB564A4164190A32262E001164168DCEBC266A416415EF7C517DB01164151AE9C5869A416419F3ACA14D60116414201DE6F6CA4164111858A65D1011641810E110170A41641A17D9315CD011641846A6A0374A416410AE1862FC9011641A5B3076D78A416419B4B01BDC501164195F007337DA41641C38682C6C20116417D62A64982A41641DB945853C0011641AE8857A487A41641CAAE8D69BE011641540EE8358DA41641EC5FD90DBD011641ED559DF092A41641F9E49443BC0116414D5257C698A4164192EAB20CBC011641B159B3A89EA41641D0BFBA69BC011641129D2F89A4A41641AB08C759BD01164139EC4E59AAA4164172F387DABE011641796EBC0AB0A41641E4EB48E8C0011641ECF76E8FB5A41641CDBDF97DC30116411EA4CBD9BAA41641BE103B95C6011641DD60C7DCBFA41641FD1D6E26CA0116416B16078CC4A41641007AC728CE011641DB1DFEDBC8A4164121C36492D201164172BA0AC2CCA4164111006558D7011641E14F9034D0A41641F971036FDC011641B9140F2BD3A416412A98B4C9E1011641A106399ED5A41641D01D455BE7011641B2EC0388D7A416416965FA15ED011641903BB8E3D8A41641C961B4EBF201164183B6FCADD9A41641C961B4EB6A07164183B6FCAD51A51641', '0103000020E610000001000000430000004E25860ABF9C1BC01BFB1B49E8F6404074202CDFBA9C1BC07024C44EE8F640405494A3B3B69C1BC0BCAA7E49E8F64040136F3492B29C1BC0008D5839E8F64040A3B80D85AE9C1BC0A59B791EE8F640402F772C96AA9C1BC0371624F9E7F64040E40E43CFA69C1BC01F08B4C9E7F64040B159A139A39C1BC0AD659E90E7F6404000B21DDE9F9C1BC0C2EB6F4EE7F640400C29FFC49C9C1BC0D2C4CB03E7F64040611EE9F5999C1BC0B2F669B1E6F640401E6BC877979C1BC0B79C1558E6F64040164FC250959C1BC026F3AAF8E5F64040294A2586939C1BC018381594E5F6404007075C1C929C1BC095674C2BE5F64040BA77E216919C1BC02AD852BFE4F64040B03E3D78909C1BC0F1BD3251E4F640409479F341909C1BC0599AFBE1E3F6404019FD8A74909C1BC0B99EBF72E3F640403A0B870F919C1BC04A089104E3F64040D4866911929C1BC0167C7F98E2F64040D7A1B677939C1BC04069952FE2F64040ECFCFA3E959C1BC01778D5CAE1F640407429D462979C1BC0740C386BE1F64040D878FBDD999C1BC057E1A811E1F6404091FE52AA9C9C1BC0B0C304BFE0F64040EFA4F4C09F9C1BC00D721774E0F64040262F431AA39C1BC042A69931E0F6404019FFFCADA69C1BC0104E2FF8DFF640402A705073AA9C1BC0EAF665C8DFF640403F95F160AE9C1BC0FB70B3A2DFF640404124316DB29C1BC0CCAC7487DFF640406A56148EB69C1BC0FAD5EC76DFF64040390741D595A01BC09165DB1BD5F64040A4B498009AA01BC038353216D5F6404031E21F2C9EA01BC0C6A5761BD5F6404059AB8E4DA2A01BC0D2BA9B2BD5F64040120FB65AA6A01BC09AA67946D5F64040080B9949AAA01BC0382CCE6BD5F64040AA3B8510AEA01BC0F5423D9BD5F640402BC42AA6B1A01BC018F951D4D5F64040A743B301B5A01BC057947F16D6F64040D49ED71AB8A01BC0A1EC2261D6F640406268F4E9BAA01BC081FE83B3D6F64040FDB51C68BDA01BC0BAB0D70CD7F640404D332B8FBFA01BC0F4C8416CD7F64040D748D159C1A01BC0BF0AD7D0D7F640409531A4C3C2A01BC0837B9F39D8F64040EBDE27C9C3A01BC0D4C598A5D8F64040ED8FD767C4A01BC05EB6B813D9F640402D072C9EC4A01BC03CCCEF82D9F640404F4F9F6BC4A01BC03CD62BF2D9F640408A05AED0C3A01BC0FC965A60DAF640407426D6CEC2A01BC0EF686CCCDAF6404064609368C1A01BC026DC5635DBF6404060F458A1BFA01BC02D47179ADBF640408E34897DBDA01BC0BD44B5F9DBF640404EB56A02BBA01BC02B184553DCF64040924B1B36B8A01BC09EF2E9A5DCF640406FF8801FB5A01BC06113D8F0DCF6404033E738C6B1A01BC04BBE5633DDF64040D9A78432AEA01BC03603C26CDDF6404032D4356DAAA01BC017528C9CDDF64040EB51987FA6A01BC01ED83FC2DDF64040FE665B73A2A01BC022A27FDDDDF640402ED979529EA01BC0D08108EEDDF640404E25860ABF9C1BC01BFB1B49E8F64040', '2648fd74-25d8-4cc1-8945-01d017288270', '2026-12-06 16:07:25.171957+00', '2026-12-06 16:07:25.171959+00', 2);
INSERT INTO public.gis_servitudes VALUES (4, 4, 'Abords de la médina', '01030000204F66000001000000410000007C55770BBC06164100461AE6E5A71641F40E942DBB061641B3097941D4A716414B470D96B80616410B3157C8C2A7164197DD464BB406164147E2C8A5B1A71641F8C2D557AE06164135D10C04A1A71641F0E365CAA60616416C18240C91A716416EFC95B59D0616418B216DE581A71641D3AFC92F93061641AD9542B573A716410856F2528706164174459F9E66A71641CF054F3C7A061641A9EBC7C15AA71641F179240C6C0616410E9FFB3B50A7164110836DE55C0616418CB72B2747A7164147CA84ED4C06164184D8BB993FA7164135B9C84B3C061641E5BD4AA639A71641716A3A292B0616413154845B35A71641C99118B019061641888CFDC332A716417C55770B0806164100461AE631A716412F19D666F6051641888CFDC332A716418740B4EDE40516413154845B35A71641C3F125CBD3051641E5BD4AA639A71641B1E06929C305164184D8BB993FA71641E8278131B30516418CB72B2747A716410731CA0AA40516410E9FFB3B50A7164129A59FDA95051641A9EBC7C15AA71641F054FCC38805164174459F9E66A7164125FB24E77C051641AD9542B573A716418AAE5861720516418B216DE581A7164108C7884C690516416C18240C91A7164100E818BF6105164135D10C04A1A7164161CDA7CB5B05164147E2C8A5B1A71641AD63E180570516410B3157C8C2A71641049C5AE954051641B3097941D4A716417C55770B5405164100461AE6E5A71641049C5AE9540516414D82BB8AF7A71641AD63E18057051641F55ADD0309A8164161CDA7CB5B051641B9A96B261AA8164100E818BF61051641CBBA27C82AA8164108C7884C69051641947310C03AA816418AAE586172051641756AC7E649A8164125FB24E77C05164153F6F11658A81641F054FCC3880516418C46952D65A8164129A59FDA9505164157A06C0A71A816410731CA0AA4051641F2EC38907BA81641E8278131B305164174D408A584A81641B1E06929C30516417CB378328CA81641C3F125CBD30516411BCEE92592A816418740B4EDE4051641CF37B07096A816412F19D666F605164178FF360899A816417C55770B0806164100461AE699A81641C99118B01906164178FF360899A81641716A3A292B061641CF37B07096A8164135B9C84B3C0616411BCEE92592A8164147CA84ED4C0616417CB378328CA8164110836DE55C06164174D408A584A81641F179240C6C061641F2EC38907BA81641CF054F3C7A06164157A06C0A71A816410856F252870616418C46952D65A81641D3AFC92F9306164153F6F11658A816416EFC95B59D061641756AC7E649A81641F0E365CAA6061641947310C03AA81641F8C2D557AE061641CBBA27C82AA8164197DD464BB4061641B9A96B261AA816414B470D96B8061641F55ADD0309A81641F40E942DBB0616414D82BB8AF7A716417C55770BBC06164100461AE6E5A71641', '0103000020E61000000100000041000000BC51C1C2419D1BC0F18592DE18F74040EAF7EC31429D1BC00C2BB29017F74040AA8BA3DA439D1BC0A50A904516F740401FD9CDB8469D1BC056865C0015F7404079C059C54A9D1BC06B5F39C413F74040AFA54BF64F9D1BC04EFE319412F74040FB0DD73E569D1BC0EFF0337311F740407B2E7E8F5D9D1BC0EEB2076410F740400F1E38D6659D1BC0FCD049690FF74040514C9DFE6E9D1BC0B27864850EF7404000D019F2789D1BC08B8489BA0DF74040D7102598839D1BC0CA12AD0A0DF740408F437ED68E9D1BC072B480770CF74040FA226D919A9D1BC078406F020CF74040A54606ACA69D1BC0315599AC0BF74040806E7208B39D1BC0DB90D2760BF74040E9133888BF9D1BC0E5879F610BF74040B88A860CCC9D1BC0007E346D0BF74040F8F88176D89D1BC073E574990BF74040626A8FA7E49D1BC04AA5F3E50BF74040AF43A081F09D1BC08126F4510CF740401D5C7CE7FB9D1BC0C0246CDC0CF7404040060ABD069E1BC0ED3E06840DF74040D05693E7109E1BC0B74025470EF740406CFE074E1A9E1BC0401DE8230FF7404024143BD9229E1BC016912E1810F7404078381C742A9E1BC0F25F9E2111F74040E183EB0B319E1BC07521A93D12F74040ECC06790369E1BC0808E926913F74040BF7FF6F33A9E1BC09B3F77A214F740407CA0C52B3E9E1BC0D7CB53E515F74040A601E62F409E1BC0B1360C2F17F740408C105FFB409E1BC06B9A737C18F74040CA0B3B8C409E1BC029FC53CA19F740406FD98BE33E9E1BC0853676151BF74040C46468053C9E1BC0EAE6A95A1CF74040348AE2F8379E1BC0564ACD961DF7404047AAF5C7329E1BC00AF6D4C61EF740405C0E6E7F2C9E1BC03759D3E71FF74040FB5BC92E259E1BC0FBF4FFF620F740405A6410E81C9E1BC0FF38BEF121F7404055AEAABF139E1BC0ECF3A3D522F7404066282CCC099E1BC078477FA023F74040997E1D26FF9D1BC0B9115C5024F74040BA9DBFE7F39D1BC042BE88E324F7404009F9CA2CE89D1BC022739A5825F74040BC312B12DC9D1BC07F8F70AE25F7404033C9B7B5CF9D1BC03B7337E425F74040688DEA35C39D1BC0B8886AF925F740402C7594B1B69D1BC0C08BD5ED25F7404082A59147AA9D1BC05A0A95C125F74040505B7D169E9D1BC06B1E167525F740403975663C929D1BC0B760150925F74040855785D6869D1BC0E0179D7E24F74040FFE0F3007C9D1BC0E0A702D723F74040502268D6719D1BC05748E31323F74040BF82F26F689D1BC0BA09203722F74040CDF4BFE45F9D1BC04433D94221F74040B8D2E049589D1BC00205693920F7404045F014B2519D1BC0FDEA5D1D1FF740405F619D2D4C9D1BC0BF2F74F11DF74040D46714CA479D1BC0C23D8FB81CF74040B7EA4B92449D1BC06F80B2751BF740403DCA328E429D1BC02DF6F92B1AF74040BC51C1C2419D1BC0F18592DE18F74040', 'bd277929-e60c-4da1-b7c2-71227822329b', '2026-12-06 16:07:25.173276+00', '2026-12-06 16:07:25.173278+00', 2);
INSERT INTO public.gis_servitudes VALUES (5, 5, 'Zone inondable de l''oued', '0103000020757F000001000000430000001CA0888E899522412413C056DD523541CFA3B67F8C952241BD917864DD5235417FC5F46F8F9522416E9C364DDD523541136D045892952241378A3311DD523541332EBB3095952241854F03B1DC523541EC7214F3979522416911932DDC52354105C942989A952241EFDC2688DB52354164A7C0199D952241338856C2DA5235412C8260719F952241E3C409DED9523541E4055C99A1952241E26D73DDD85235412F54628CA39522419A1B0CC3D7523541E71EA545A59522415E0C8C91D65235415381E4C0A6952241E46FE44BD5523541467A79FAA7952241572638F5D35235414FED5EEFA8952241EE04D490D2523541BE14399DA995224108B32622D152354137525B02AA952241F033B8ACCF5235416B4FCC1DAA95224117322134CE523541CC6448EFA99522413F2102BCCC5235415F404277A9952241754DFA47CB523541FBCAE1B6A8952241E5EC9EDBC9523541C24E01B0A7952241884A727AC8523541CEE52865A69522417C1FDB27C7523541553C88D9A49522414C301CE7C5523541B6B5EE10A3952241E8424CBBC4523541B407C20FA19522410C814EA7C35235412463F3DA9E952241E759CBADC2523541AC44F3779C9522418BF429D1C1523541B70BA4EC9995224155438A13C15235419F784B3F97952241DBC6BF76C0523541CC35837694952241570D4DFCBF52354100922899919522419FF95FA5BF523541D0934BAE8E952241E2DACE72BF523541D0934BAED2922241E2DACE72A15235411D901DBDCF922241495C1665A15235416D6EDFCCCC9222419851587CA1523541D9C6CFE4C9922241CF635BB8A1523541B905190CC7922241819E8B18A252354100C1BF49C49222419DDCFB9BA2523541E76A91A4C192224117116841A3523541888C1323BF922241D3653807A4523541C0B173CBBC922241232985EBA4523541082E78A3BA92224124801BECA5523541BDDF71B0B89222416CD28206A752354105152FF7B6922241A8E10238A852354199B2EF7BB5922241227EAA7DA9523541A6B95A42B4922241AFC756D4AA5235419D46754DB392224118E9BA38AC5235412E1F9B9FB2922241FE3A68A7AD523541B5E1783AB292224116BAD61CAF52354181E4071FB2922241EFBB6D95B052354120CF8B4DB2922241C7CC8C0DB25235418DF391C5B292224191A09481B3523541F168F285B39222412101F0EDB45235412AE5D28CB49222417EA31C4FB65235411E4EABD7B59222418ACEB3A1B752354197F74B63B7922241BABD72E2B8523541367EE52BB99222411EAB420EBA523541382C122DBB922241FA6C4022BB523541C8D0E061BD9222411F94C31BBC52354140EFE0C4BF9222417BF964F8BC52354135283050C2922241B1AA04B6BD5235414DBB88FDC49222412B27CF52BE52354120FE50C6C7922241AFE041CDBE523541ECA1ABA3CA92224167F42E24BF5235411CA0888ECD9222412413C056BF5235411CA0888E899522412413C056DD523541', '0103000020E61000000100000043000000C02A008191FC1FC060351B6E61472940B595F2F38DFC1FC01603A87C61472940010D5E688AFC1FC0A5B1625F61472940842200E786FC1FC0486B931661472940ED397D7883FC1FC0BCB1EDA2604729403C3A4B2580FC1FC0B4A38E0560472940E1B19CF57CFC1FC0DA3DFA3F5F472940DEA04CF179FC1FC04C9E17545E472940CE1ACB1F77FC1FC0A2532C445D47294089F00A8874FC1FC027C3D6125C4729409F8E703072FC1FC004B407C35A472940DA3AC21E70FC1FC0550FFB5759472940B0D719586EFC1FC003E72FD557472940BA50D8E06CFC1FC008D75F3E564729402CCF9ABC6BFC1FC064D675975447294001D131EE6AFC1FC05A8E84E4524729409A389A776AFC1FC0D94FBC29514729403866F8596AFC1FC0CEBF606B4F472940336795956AFC1FC0B553BEAD4D472940DC41DE296BFC1FC099B81FF54B472940ED5F65156CFC1FC04A3EC3454A472940E013E6556DFC1FC03761D0A34847294089304AE86EFC1FC07D8C4D134747294053A5B1C870FC1FC0732D169845472940040C7CF272FC1FC05431D13544472940E510546075FC1FC03004E8EF42472940C3983C0C78FC1FC0A2277EC941472940CB849FEF7AFC1FC0CF7569C54047294075EF5D037EFC1FC0E3232BE63F472940B4BAE13F81FC1FC03D95E92D3F4729402444309D84FC1FC07D0E6B9E3E472940E210FE1288FC1FC0905511393E472940DA40C3988BFC1FC08249D6FE3D4729404EFA5A9FD8FF1FC0A8CF8E071C4729406134682CDCFF1FC02E9500F91B472940F3ABFCB7DFFF1FC0437A44161C47294014D15A39E3FF1FC04D58125F1C4729402E41DEA7E6FF1FC037B1B6D21C4729406F1511FBE9FF1FC0026A14701D472940A8BEC02AEDFF1FC09D89A7351E472940053B122FF0FF1FC079F588211F4729401D749500F3FF1FC05A2273312047294039955798F5FF1FC028AEC76221472940ED2CF4EFF7FF1FC0AFD495B2224729409FEFA401FAFF1FC07AAFA11D2447294023F44FC8FBFF1FC0F62E6CA0254729405C47943FFDFF1FC022B93B3727472940DEB7D463FEFF1FC0905825DE28472940F7BE4032FFFF1FC0256516912A4729401871DBA8FFFF1FC0A28EDE4B2C472940916480C6FFFF1FC05D303A0A2E4729408482E68AFFFF1FC0A3D4DCC72F47294028BBA0F6FEFF1FC0C0CD7B8031472940819B1C0BFEFF1FC0C6CAD82F3347294038C89ECAFCFF1FC0BD4DCCD13447294018663D38FBFF1FC09AE94F6236472940007ED857F9FF1FC0B42E88DD37472940326F102EF7FF1FC0342DCE3F394729404D873AC0F4FF1FC01776B8853A4729404EDC5314F2FF1FC0988423AC3B472940D288F230EFFF1FC0347B39B03C4729402B6F351DECFF1FC03921798F3D4729402BABB2E0E8FF1FC0AA0FBC473E472940FADD6483E5FF1FC03AFE3BD73E4729402F82970DE2FF1FC05123973C3F4729407578D287DEFF1FC03F9CD3763F472940C02A008191FC1FC060351B6E61472940', 'c4ff4d7f-90f6-4753-a75a-a5a6b9edd910', '2026-12-06 16:07:26.17597+00', '2026-12-06 16:07:26.175972+00', 3);
INSERT INTO public.gis_servitudes VALUES (6, 6, 'Abords de la médina', '0103000020757F00000100000041000000F6196A1E329522410377C76482533541B27678AF31952241F0279FFB7D533541DE12B56330952241C6B1569D7953354103DE513E2E952241151EB35475533541B45099442B952241D019442C715335413061E17D279522419EEB492E6D5335416F6D79F322952241E62D9C6469533541214793B01D952241EE8A91D8655335413C9A27C217952241E0B6E8926253354120F2D536119522416DE0B29B5F53354131ACC01E0A95224146CD3FFA5C533541C030658B0295224166D30BB55A5335415CD4708FFA942241A4DBAFD158533541D2CB923EF2942241FC94D3545753354170A44BADE99422418FFA2142565335411DB8BAF0E0942241A548409C55533541F6196A1ED89422410377C76455533541CF7B194CCF942241A548409C555335417C8F888FC69422418FFA2142565335411A6841FEBD942241FC94D35457533541905F63ADB5942241A4DBAFD1585335412C036FB1AD94224166D30BB55A533541BB87131EA694224146CD3FFA5C533541CC41FE059F9422416DE0B29B5F533541B099AC7A98942241E0B6E89262533541CBEC408C92942241EE8A91D8655335417DC65A498D942241E62D9C6469533541BCD2F2BE889422419EEB492E6D53354138E33AF884942241D019442C71533541E95582FE81942241151EB354755335410E211FD97F942241C6B1569D795335413ABD5B8D7E942241F0279FFB7D533541F6196A1E7E9422410377C764825335413ABD5B8D7E94224116C6EFCD865335410E211FD97F942241403C382C8B533541E95582FE81942241F1CFDB748F53354138E33AF88494224136D44A9D93533541BCD2F2BE889422416802459B975335417DC65A498D94224120C0F2649B533541CBEC408C929422411863FDF09E533541B099AC7A989422412637A636A2533541CC41FE059F942241990DDC2DA5533541BB87131EA6942241C0204FCFA75335412C036FB1AD942241A01A8314AA533541905F63ADB59422416212DFF7AB5335411A6841FEBD9422410A59BB74AD5335417C8F888FC694224177F36C87AE533541CF7B194CCF94224161A54E2DAF533541F6196A1ED89422410377C764AF5335411DB8BAF0E094224161A54E2DAF53354170A44BADE994224177F36C87AE533541D2CB923EF29422410A59BB74AD5335415CD4708FFA9422416212DFF7AB533541C030658B02952241A01A8314AA53354131ACC01E0A952241C0204FCFA753354120F2D53611952241990DDC2DA55335413C9A27C2179522412637A636A2533541214793B01D9522411863FDF09E5335416F6D79F32295224120C0F2649B5335413061E17D279522416802459B97533541B45099442B95224136D44A9D9353354103DE513E2E952241F1CFDB748F533541DE12B56330952241403C382C8B533541B27678AF3195224116C6EFCD86533541F6196A1E329522410377C76482533541', '0103000020E610000001000000410000003E78227FF9FC1FC07C76083C254829408C44760FFAFC1FC02DD11F02204829408AF42BAAFBFC1FC084A09AD51A48294034EE4E4BFEFC1FC04B633AC315482940309A63EC01FD1FC0092380D710482940A75F778406FD1FC026A08D1E0C482940BEB336080CFD1FC0FF6807A4074829406606096A12FD1FC0A125F872034829407E47329A19FD1FC0FC5EB595FF472940CEB1F98621FD1FC09904C615FC472940077CD51C2AFD1FC0B0EFCAFBF84729403F049B4633FD1FC0769D694FF6472940FAFEB2ED3CFD1FC028553917F4472940532951FA46FD1FC04BE8B258F2472940AEF4AE5351FD1FC016352318F14729408E9B48E05BFD1FC0608CA058F0472940DC081C8666FD1FC03415031CF04729408DF6E82A71FD1FC0C140E062F04729409BA571B47BFD1FC0F359892CF1472940D38FBB0886FD1FC01F340D77F2472940D0734F0E90FD1FC0BAF43C3FF4472940781D78AC99FD1FC041ECB380F647294001507FCBA2FD1FC0026BE235F94729407C3BE854ABFD1FC007771B58FC472940A5EDA633B3FD1FC05341A5DFFF47294061355454BAFD1FC0FB31CCC303482940F3785DA5C0FD1FC0FC5BF8FA07482940FB083017C6FD1FC01524C57A0C4829406C855F9CCAFD1FC031E01A3811482940DBF5C629CEFD1FC058304A27164829407643A4B6D0FD1FC093CD283C1B482940F0D0AD3CD2FD1FC0EC872F6A204829403DFB21B8D2FD1FC0792999A425482940A65CD027D2FD1FC051F281DE2A4829409CBB1C8DD0FD1FC0D05F070B30482940DE9DFBEBCDFD1FC0D4F0671D354829407D88E84ACAFD1FC0A29822093A482940B504D6B2C5FD1FC0D29215C23E482940FD90172FC0FD1FC0764C9C3C43482940C9B445CDB9FD1FC07918AC6D47482940AA7B1C9DB2FD1FC0AC68EF4A4B4829408DAA54B0AAFD1FC03D48DFCA4E482940B00E781AA2FD1FC0D7D8DAE4514829401252B1F098FD1FC086983C915448294001CC97498FFD1FC0D33B6DC95648294097CEF73C85FD1FC0BBEDF3875848294066FA97E37AFD1FC062CD83C859482940E928FC5670FD1FC03A8806885A4829408C8426B165FD1FC08AF6A3C45A4829402369570C5BFD1FC072A7C67D5A48294021ABCC8250FD1FC069511DB459482940FDE4802E46FD1FC07223996958482940626AEB283CFD1FC04EFB68A1564829400F7FC18A32FD1FC07A8CF15F54482940266CB96B29FD1FC03C8BC2AA51482940370A50E220FD1FC092F688884E4829401550910319FD1FC0B7A2FE004B482940276FE4E211FD1FC0E02CD71C4748294038FDDB910BFD1FC02D87AAE54248294099A10A2006FD1FC0A151DD653E4829407BB0DC9A01FD1FC0843A87A8394829401B13770DFEFC1FC052A557B93448294059CE9B80FBFC1FC0A8DB78A42F4829407B6B94FAF9FC1FC02C0F72762A4829403E78227FF9FC1FC07C76083C25482940', 'c987aaf4-3846-4443-9ade-003b87cafa30', '2026-12-06 16:07:26.177203+00', '2026-12-06 16:07:26.177206+00', 3);


--
-- Data for Name: gis_zone_rules; Type: TABLE DATA; Schema: public; Owner: -
--

INSERT INTO public.gis_zone_rules VALUES (1, 1, 'R+2', '["housing", "retail", "office"]', '["industry", "warehouse"]', 11.5, 3, 0.6, 1.8, 100, 8, 0, 3, 'Règlement d''aménagement, article 12 (zone R+2)', 'c3ecadcd-8c1a-4d84-ae15-b263b7b86002', '2026-12-06 16:07:24.082694+00', '2026-12-06 16:07:24.082699+00', 1);
INSERT INTO public.gis_zone_rules VALUES (2, 1, 'R+4', '["housing", "retail", "office", "hotel"]', '["industry", "warehouse"]', 18.5, 5, 0.7, 3.5, 300, 15, 0, 4, 'Règlement d''aménagement, article 15 (zone R+4)', 'ec5f27ed-d7e3-4e0f-94cb-98cdd52751ac', '2026-12-06 16:07:24.082704+00', '2026-12-06 16:07:24.082705+00', 1);
INSERT INTO public.gis_zone_rules VALUES (3, 1, 'ZI', '["industry", "warehouse", "office"]', '["housing", "hotel"]', 12, 2, 0.6, 1.2, 500, 20, 5, 5, 'Règlement d''aménagement, article 21 (zone industrielle)', '09e37229-2326-41b3-a113-cfed793cf235', '2026-12-06 16:07:24.082709+00', '2026-12-06 16:07:24.08271+00', 1);
INSERT INTO public.gis_zone_rules VALUES (4, 1, 'ZV', '["facility"]', '["housing", "industry", "warehouse", "hotel", "retail", "office"]', 6, 1, 0.05, 0.05, NULL, NULL, 10, 10, 'Règlement d''aménagement, article 27 (espaces verts)', '0e1763c3-b9c0-4acc-82dc-65e784727519', '2026-12-06 16:07:24.082714+00', '2026-12-06 16:07:24.082714+00', 1);
INSERT INTO public.gis_zone_rules VALUES (5, 2, 'R+2', '["housing", "retail", "office"]', '["industry", "warehouse"]', 11.5, 3, 0.6, 1.8, 100, 8, 0, 3, 'Règlement d''aménagement, article 12 (zone R+2)', 'cbc20fca-29d6-4892-9990-e7214112fdb5', '2026-12-06 16:07:25.16957+00', '2026-12-06 16:07:25.169573+00', 2);
INSERT INTO public.gis_zone_rules VALUES (6, 2, 'R+4', '["housing", "retail", "office", "hotel"]', '["industry", "warehouse"]', 18.5, 5, 0.7, 3.5, 300, 15, 0, 4, 'Règlement d''aménagement, article 15 (zone R+4)', '5044c281-aa1a-4408-9cc4-d9a684c173a1', '2026-12-06 16:07:25.169576+00', '2026-12-06 16:07:25.169577+00', 2);
INSERT INTO public.gis_zone_rules VALUES (7, 2, 'ZI', '["industry", "warehouse", "office"]', '["housing", "hotel"]', 12, 2, 0.6, 1.2, 500, 20, 5, 5, 'Règlement d''aménagement, article 21 (zone industrielle)', 'fc12466d-7fe9-4940-b872-5fdcd877fa3b', '2026-12-06 16:07:25.169579+00', '2026-12-06 16:07:25.16958+00', 2);
INSERT INTO public.gis_zone_rules VALUES (8, 2, 'ZV', '["facility"]', '["housing", "industry", "warehouse", "hotel", "retail", "office"]', 6, 1, 0.05, 0.05, NULL, NULL, 10, 10, 'Règlement d''aménagement, article 27 (espaces verts)', '02275355-40b4-4349-9c22-d9ee8634649b', '2026-12-06 16:07:25.169582+00', '2026-12-06 16:07:25.169582+00', 2);
INSERT INTO public.gis_zone_rules VALUES (9, 3, 'R+2', '["housing", "retail", "office"]', '["industry", "warehouse"]', 11.5, 3, 0.6, 1.8, 100, 8, 0, 3, 'Règlement d''aménagement, article 12 (zone R+2)', 'bcd861ab-0f68-4d6d-9501-12173a9ca665', '2026-12-06 16:07:26.173616+00', '2026-12-06 16:07:26.173619+00', 3);
INSERT INTO public.gis_zone_rules VALUES (10, 3, 'R+4', '["housing", "retail", "office", "hotel"]', '["industry", "warehouse"]', 18.5, 5, 0.7, 3.5, 300, 15, 0, 4, 'Règlement d''aménagement, article 15 (zone R+4)', '5a349b28-704f-4bc5-b0c6-367cbe09ef24', '2026-12-06 16:07:26.173623+00', '2026-12-06 16:07:26.173624+00', 3);
INSERT INTO public.gis_zone_rules VALUES (11, 3, 'ZI', '["industry", "warehouse", "office"]', '["housing", "hotel"]', 12, 2, 0.6, 1.2, 500, 20, 5, 5, 'Règlement d''aménagement, article 21 (zone industrielle)', '0e507760-f90f-4ab4-b48e-bde0b0deb8c1', '2026-12-06 16:07:26.173626+00', '2026-12-06 16:07:26.173627+00', 3);
INSERT INTO public.gis_zone_rules VALUES (12, 3, 'ZV', '["facility"]', '["housing", "industry", "warehouse", "hotel", "retail", "office"]', 6, 1, 0.05, 0.05, NULL, NULL, 10, 10, 'Règlement d''aménagement, article 27 (espaces verts)', '7106ad0e-ca1a-4edc-a709-740860ff948e', '2026-12-06 16:07:26.173629+00', '2026-12-06 16:07:26.173629+00', 3);


--
-- Data for Name: gis_zones; Type: TABLE DATA; Schema: public; Owner: -
--

INSERT INTO public.gis_zones VALUES (1, 1, 'R+2', 'Habitat R+2', '01030000204F6600000100000005000000AA034DE7E6A11641F10758E880791741AA034DE7E6A11641F10758E8147C1741AA034DE788A01641F10758E8147C1741AA034DE788A01641F10758E880791741AA034DE7E6A11641F10758E880791741', '0103000020E61000000100000005000000F7412E973D311BC0AAA93E5BBD064140D91B45DE43311BC0FC1CCD1BEE06414081B6535B3C321BC0588F19C3ED06414058FC251336321BC0F07B8B02BD064140F7412E973D311BC0AAA93E5BBD064140', 'c560977c-7439-4096-afa2-aa112cced928', '2026-12-06 16:07:24.077946+00', '2026-12-06 16:07:24.077951+00', 1);
INSERT INTO public.gis_zones VALUES (2, 1, 'R+4', 'Habitat collectif R+4', '01030000204F6600000100000005000000AA034DE744A31641F10758E880791741AA034DE744A31641F10758E8147C1741AA034DE7E6A11641F10758E8147C1741AA034DE7E6A11641F10758E880791741AA034DE744A31641F10758E880791741', '0103000020E610000001000000050000005492321B45301BC0A873E2B3BD064140E28B32614B301BC0D2467174EE064140D91B45DE43311BC0FC1CCD1BEE064140F7412E973D311BC0AAA93E5BBD0641405492321B45301BC0A873E2B3BD064140', '455676b0-3a60-4aa3-b411-fef6284f3ce9', '2026-12-06 16:07:24.077957+00', '2026-12-06 16:07:24.077958+00', 1);
INSERT INTO public.gis_zones VALUES (3, 1, 'ZI', 'Zone industrielle', '01030000204F6600000100000005000000AA034DE7A2A41641F10758E880791741AA034DE7A2A41641F10758E8147C1741AA034DE744A31641F10758E8147C1741AA034DE744A31641F10758E880791741AA034DE7A2A41641F10758E880791741', '0103000020E610000001000000050000001FEE329F4C2F1BC0E7D9760CBE06414050071CE4522F1BC0DA0C06CDEE064140E28B32614B301BC0D2467174EE0641405492321B45301BC0A873E2B3BD0641401FEE329F4C2F1BC0E7D9760CBE064140', 'e70d1b5b-f508-4615-8071-7fb510a90465', '2026-12-06 16:07:24.077962+00', '2026-12-06 16:07:24.077963+00', 1);
INSERT INTO public.gis_zones VALUES (4, 1, 'ZV', 'Zone verte', '01030000204F6600000100000005000000AA034DE700A61641F10758E880791741AA034DE700A61641F10758E8147C1741AA034DE7A2A41641F10758E8147C1741AA034DE7A2A41641F10758E880791741AA034DE700A61641F10758E880791741', '0103000020E6100000010000000500000009562F23542E1BC069DCFB64BE064140CE8E01675A2E1BC0116F8B25EF06414050071CE4522F1BC0DA0C06CDEE0641401FEE329F4C2F1BC0E7D9760CBE06414009562F23542E1BC069DCFB64BE064140', 'b8f04461-015d-4767-804a-42bd56908cc1', '2026-12-06 16:07:24.077967+00', '2026-12-06 16:07:24.077968+00', 1);
INSERT INTO public.gis_zones VALUES (5, 1, 'R+4', 'Habitat collectif R+4', '01030000204F6600000100000005000000AA034DE7E6A11641F10758E8147C1741AA034DE7E6A11641F10758E8A87E1741AA034DE788A01641F10758E8A87E1741AA034DE788A01641F10758E8147C1741AA034DE7E6A11641F10758E8147C1741', '0103000020E61000000100000005000000D91B45DE43311BC0FC1CCD1BEE064140F3086A254A311BC003B059DC1E0741404F868FA342321BC074C2A5831E07414081B6535B3C321BC0588F19C3ED064140D91B45DE43311BC0FC1CCD1BEE064140', '6f1df692-a607-490e-ac17-6110cbdf492b', '2026-12-06 16:07:24.077971+00', '2026-12-06 16:07:24.077971+00', 1);
INSERT INTO public.gis_zones VALUES (6, 1, 'ZI', 'Zone industrielle', '01030000204F6600000100000005000000AA034DE744A31641F10758E8147C1741AA034DE744A31641F10758E8A87E1741AA034DE7E6A11641F10758E8A87E1741AA034DE7E6A11641F10758E8147C1741AA034DE744A31641F10758E8147C1741', '0103000020E61000000100000005000000E28B32614B301BC0D2467174EE064140389640A751301BC0AD39FE341F074140F3086A254A311BC003B059DC1E074140D91B45DE43311BC0FC1CCD1BEE064140E28B32614B301BC0D2467174EE064140', '585db782-6ca8-4a94-8df2-ba3ac213789c', '2026-12-06 16:07:24.077974+00', '2026-12-06 16:07:24.077974+00', 1);
INSERT INTO public.gis_zones VALUES (7, 1, 'ZV', 'Zone verte', '01030000204F6600000100000005000000AA034DE7A2A41641F10758E8147C1741AA034DE7A2A41641F10758E8A87E1741AA034DE744A31641F10758E8A87E1741AA034DE744A31641F10758E8147C1741AA034DE7A2A41641F10758E8147C1741', '0103000020E6100000010000000500000050071CE4522F1BC0DA0C06CDEE064140D52E1329592F1BC07F5F938D1F074140389640A751301BC0AD39FE341F074140E28B32614B301BC0D2467174EE06414050071CE4522F1BC0DA0C06CDEE064140', '7e108441-2443-4131-9ed9-e807fca6572f', '2026-12-06 16:07:24.077976+00', '2026-12-06 16:07:24.077977+00', 1);
INSERT INTO public.gis_zones VALUES (8, 1, 'R+2', 'Habitat R+2', '01030000204F6600000100000005000000AA034DE700A61641F10758E8147C1741AA034DE700A61641F10758E8A87E1741AA034DE7A2A41641F10758E8A87E1741AA034DE7A2A41641F10758E8147C1741AA034DE700A61641F10758E8147C1741', '0103000020E61000000100000005000000CE8E01675A2E1BC0116F8B25EF06414076D3E1AA602E1BC06B2119E61F074140D52E1329592F1BC07F5F938D1F07414050071CE4522F1BC0DA0C06CDEE064140CE8E01675A2E1BC0116F8B25EF064140', '7a26edfe-a038-4a56-9b1e-a852939ad5c9', '2026-12-06 16:07:24.077979+00', '2026-12-06 16:07:24.07798+00', 1);
INSERT INTO public.gis_zones VALUES (9, 2, 'R+2', 'Habitat R+2', '01030000204F66000001000000050000007C55770B5603164100461AE625A416417C55770B5603164100461AE6B9A616417C55770BF801164100461AE6B9A616417C55770BF801164100461AE625A416417C55770B5603164100461AE625A41641', '0103000020E61000000100000005000000C2854DB9A09F1BC02FA83807D1F640405929D579A79F1BC0CFA62DC801F740403A12029B9FA01BC07BAEA26801F740407E5E64D998A01BC06317AEA7D0F64040C2854DB9A09F1BC02FA83807D1F64040', '56fd2a31-d7d2-4ab7-83e0-83dcde8ee701', '2026-12-06 16:07:25.16758+00', '2026-12-06 16:07:25.167584+00', 2);
INSERT INTO public.gis_zones VALUES (10, 2, 'R+4', 'Habitat collectif R+4', '01030000204F66000001000000050000007C55770BB404164100461AE625A416417C55770BB404164100461AE6B9A616417C55770B5603164100461AE6B9A616417C55770B5603164100461AE625A416417C55770BB404164100461AE625A41641', '0103000020E61000000100000005000000AE6C3299A89E1BC0CCDAB366D1F640401500A458AF9E1BC0E340A92702F740405929D579A79F1BC0CFA62DC801F74040C2854DB9A09F1BC02FA83807D1F64040AE6C3299A89E1BC0CCDAB366D1F64040', '48e67c90-eab7-4afb-917e-1369cc0c361b', '2026-12-06 16:07:25.167589+00', '2026-12-06 16:07:25.167589+00', 2);
INSERT INTO public.gis_zones VALUES (11, 2, 'ZI', 'Zone industrielle', '01030000204F66000001000000050000007C55770B1206164100461AE625A416417C55770B1206164100461AE6B9A616417C55770BB404164100461AE6B9A616417C55770BB404164100461AE625A416417C55770B1206164100461AE625A41641', '0103000020E61000000100000005000000EB131379B09D1BC03DAF1FC6D1F6404010976E37B79D1BC0B77C158702F740401500A458AF9E1BC0E340A92702F74040AE6C3299A89E1BC0CCDAB366D1F64040EB131379B09D1BC03DAF1FC6D1F64040', '52a14e4a-6c13-4cb2-8d27-50ff906f9fe7', '2026-12-06 16:07:25.167593+00', '2026-12-06 16:07:25.167594+00', 2);
INSERT INTO public.gis_zones VALUES (12, 2, 'ZV', 'Zone verte', '01030000204F66000001000000050000007C55770B7007164100461AE625A416417C55770B7007164100461AE6B9A616417C55770B1206164100461AE6B9A616417C55770B1206164100461AE625A416417C55770B7007164100461AE625A41641', '0103000020E61000000100000005000000307CEF58B89C1BC07A257C25D2F6404009EF3416BF9C1BC04D5A72E602F7404010976E37B79D1BC0B77C158702F74040EB131379B09D1BC03DAF1FC6D1F64040307CEF58B89C1BC07A257C25D2F64040', '99754e05-855c-437f-9453-a05845a4ceb8', '2026-12-06 16:07:25.167597+00', '2026-12-06 16:07:25.167598+00', 2);
INSERT INTO public.gis_zones VALUES (13, 2, 'R+4', 'Habitat collectif R+4', '01030000204F66000001000000050000007C55770B5603164100461AE6B9A616417C55770B5603164100461AE64DA916417C55770BF801164100461AE64DA916417C55770BF801164100461AE6B9A616417C55770B5603164100461AE6B9A61641', '0103000020E610000001000000050000005929D579A79F1BC0CFA62DC801F7404037EB6B3AAE9F1BC055F3208932F74040ABE6AE5CA6A01BC07A93952932F740403A12029B9FA01BC07BAEA26801F740405929D579A79F1BC0CFA62DC801F74040', '1d18cd8c-b82a-442d-9681-e693f1cb52dc', '2026-12-06 16:07:25.167602+00', '2026-12-06 16:07:25.167602+00', 2);
INSERT INTO public.gis_zones VALUES (14, 2, 'ZI', 'Zone industrielle', '01030000204F66000001000000050000007C55770BB404164100461AE6B9A616417C55770BB404164100461AE64DA916417C55770B5603164100461AE64DA916417C55770B5603164100461AE6B9A616417C55770BB404164100461AE6B9A61641', '0103000020E610000001000000050000001500A458AF9E1BC0E340A92702F740404DAF2418B69E1BC0DFF49CE832F7404037EB6B3AAE9F1BC055F3208932F740405929D579A79F1BC0CFA62DC801F740401500A458AF9E1BC0E340A92702F74040', '8d470ee4-b3a4-4427-9492-ddbbd571727d', '2026-12-06 16:07:25.167606+00', '2026-12-06 16:07:25.167606+00', 2);
INSERT INTO public.gis_zones VALUES (15, 2, 'ZV', 'Zone verte', '01030000204F66000001000000050000007C55770B1206164100461AE6B9A616417C55770B1206164100461AE64DA916417C55770BB404164100461AE64DA916417C55770BB404164100461AE6B9A616417C55770B1206164100461AE6B9A61641', '0103000020E6100000010000000500000010976E37B79D1BC0B77C158702F740409C33D9F5BD9D1BC01A98094833F740404DAF2418B69E1BC0DFF49CE832F740401500A458AF9E1BC0E340A92702F7404010976E37B79D1BC0B77C158702F74040', '96cafe67-26e5-4f32-988e-06340b43c5e5', '2026-12-06 16:07:25.16761+00', '2026-12-06 16:07:25.167611+00', 2);
INSERT INTO public.gis_zones VALUES (16, 2, 'R+2', 'Habitat R+2', '01030000204F66000001000000050000007C55770B7007164100461AE6B9A616417C55770B7007164100461AE64DA916417C55770B1206164100461AE64DA916417C55770B1206164100461AE6B9A616417C55770B7007164100461AE6B9A61641', '0103000020E6100000010000000500000009EF3416BF9C1BC04D5A72E602F74040D47889D3C59C1BC003DD66A733F740409C33D9F5BD9D1BC01A98094833F7404010976E37B79D1BC0B77C158702F7404009EF3416BF9C1BC04D5A72E602F74040', '83e7c120-285b-47ea-b4d6-8ee4f47aedf4', '2026-12-06 16:07:25.167614+00', '2026-12-06 16:07:25.167615+00', 2);
INSERT INTO public.gis_zones VALUES (17, 3, 'R+2', 'Habitat R+2', '0103000020757F00000100000005000000F6196A1E7F9322410377C76492523541F6196A1E7F9322410377C76437533541F6196A1ED09222410377C76437533541F6196A1ED09222410377C76492523541F6196A1E7F9322410377C76492523541', '0103000020E61000000100000005000000EECC82AA08FF1FC07F5333CC094729404475C02407FF1FC0EB3CB756CD4729407193F254DAFF1FC049422BBCCD472940D8A464DADBFF1FC0142FA4310A472940EECC82AA08FF1FC07F5333CC09472940', 'b08102ee-281f-41b3-a858-2c30cebe72b7', '2026-12-06 16:07:26.171865+00', '2026-12-06 16:07:26.171868+00', 3);
INSERT INTO public.gis_zones VALUES (18, 3, 'R+4', 'Habitat collectif R+4', '0103000020757F00000100000005000000F6196A1E2E9422410377C76492523541F6196A1E2E9422410377C76437533541F6196A1E7F9322410377C76437533541F6196A1E7F9322410377C76492523541F6196A1E2E9422410377C76492523541', '0103000020E610000001000000050000006A8AA47A35FE1FC02991AD660947294082EC91F433FE1FC025502EF1CC4729404475C02407FF1FC0EB3CB756CD472940EECC82AA08FF1FC07F5333CC094729406A8AA47A35FE1FC02991AD6609472940', 'f169c1a3-a7ba-4952-bc88-dd8bbb5d6a10', '2026-12-06 16:07:26.171872+00', '2026-12-06 16:07:26.171872+00', 3);
INSERT INTO public.gis_zones VALUES (19, 3, 'ZI', 'Zone industrielle', '0103000020757F00000100000005000000F6196A1EDD9422410377C76492523541F6196A1EDD9422410377C76437533541F6196A1E2E9422410377C76437533541F6196A1E2E9422410377C76492523541F6196A1EDD9422410377C76492523541', '0103000020E6100000010000000500000009DEC94A62FD1FC013E8120109472940E9F966C460FD1FC0F87B908BCC47294082EC91F433FE1FC025502EF1CC4729406A8AA47A35FE1FC02991AD660947294009DEC94A62FD1FC013E8120109472940', '5593feda-4385-4a18-9959-20be40498159', '2026-12-06 16:07:26.171875+00', '2026-12-06 16:07:26.171876+00', 3);
INSERT INTO public.gis_zones VALUES (20, 3, 'ZV', 'Zone verte', '0103000020757F00000100000005000000F6196A1E8C9522410377C76492523541F6196A1E8C9522410377C76437533541F6196A1EDD9422410377C76437533541F6196A1EDD9422410377C76492523541F6196A1E8C9522410377C76492523541', '0103000020E6100000010000000500000088C8F21A8FFC1FC03E58639B08472940379E3F948DFC1FC068C0DD25CC472940E9F966C460FD1FC0F87B908BCC47294009DEC94A62FD1FC013E812010947294088C8F21A8FFC1FC03E58639B08472940', '3d666c1b-3a45-4c9a-a5d6-bd7903624bc3', '2026-12-06 16:07:26.171878+00', '2026-12-06 16:07:26.171879+00', 3);
INSERT INTO public.gis_zones VALUES (21, 3, 'R+4', 'Habitat collectif R+4', '0103000020757F00000100000005000000F6196A1E7F9322410377C76437533541F6196A1E7F9322410377C764DC533541F6196A1ED09222410377C764DC533541F6196A1ED09222410377C76437533541F6196A1E7F9322410377C76437533541', '0103000020E610000001000000050000004475C02407FF1FC0EB3CB756CD472940505FF19E05FF1FC024B239E19048294062C673CFD8FF1FC04EE1B046914829407193F254DAFF1FC049422BBCCD4729404475C02407FF1FC0EB3CB756CD472940', 'a876eb10-9553-41b5-9d2e-a3c5e89129d5', '2026-12-06 16:07:26.171881+00', '2026-12-06 16:07:26.171881+00', 3);
INSERT INTO public.gis_zones VALUES (22, 3, 'ZI', 'Zone industrielle', '0103000020757F00000100000005000000F6196A1E2E9422410377C76437533541F6196A1E2E9422410377C764DC533541F6196A1E7F9322410377C764DC533541F6196A1E7F9322410377C76437533541F6196A1E2E9422410377C76437533541', '0103000020E6100000010000000500000082EC91F433FE1FC025502EF1CC472940B08D726E32FE1FC0EC9AAD7B90482940505FF19E05FF1FC024B239E1904829404475C02407FF1FC0EB3CB756CD47294082EC91F433FE1FC025502EF1CC472940', '26160730-4903-4c87-a634-ad46d07d5276', '2026-12-06 16:07:26.171884+00', '2026-12-06 16:07:26.171884+00', 3);
INSERT INTO public.gis_zones VALUES (23, 3, 'ZV', 'Zone verte', '0103000020757F00000100000005000000F6196A1EDD9422410377C76437533541F6196A1EDD9422410377C764DC533541F6196A1E2E9422410377C764DC533541F6196A1E2E9422410377C76437533541F6196A1EDD9422410377C76437533541', '0103000020E61000000100000005000000E9F966C460FD1FC0F87B908BCC4729404052F73D5FFD1FC0A79B0C1690482940B08D726E32FE1FC0EC9AAD7B9048294082EC91F433FE1FC025502EF1CC472940E9F966C460FD1FC0F87B908BCC472940', '6bd19da2-f3e3-49d7-94dc-2ca771effa87', '2026-12-06 16:07:26.171887+00', '2026-12-06 16:07:26.171887+00', 3);
INSERT INTO public.gis_zones VALUES (24, 3, 'R+2', 'Habitat R+2', '0103000020757F00000100000005000000F6196A1E8C9522410377C76437533541F6196A1E8C9522410377C764DC533541F6196A1EDD9422410377C764DC533541F6196A1EDD9422410377C76437533541F6196A1E8C9522410377C76437533541', '0103000020E61000000100000005000000379E3F948DFC1FC068C0DD25CC472940BEAD7F0D8CFC1FC056B456B08F4829404052F73D5FFD1FC0A79B0C1690482940E9F966C460FD1FC0F87B908BCC472940379E3F948DFC1FC068C0DD25CC472940', '849418ed-10f1-4d6f-bb62-077aea139149', '2026-12-06 16:07:26.171889+00', '2026-12-06 16:07:26.17189+00', 3);


--
-- Data for Name: gis_zoning_plans; Type: TABLE DATA; Schema: public; Owner: -
--

INSERT INTO public.gis_zoning_plans VALUES (1, 'Plan d''aménagement', 'PA-2024', '2024-01-01', NULL, 'EPSG:26191', NULL, '713cf25a-ab37-40ff-b065-4f4d57e23b1d', '2026-12-06 16:07:24.065867+00', '2026-12-06 16:07:24.065875+00', 1);
INSERT INTO public.gis_zoning_plans VALUES (2, 'Plan d''aménagement', 'PA-2024', '2024-01-01', NULL, 'EPSG:26191', NULL, 'e0ff0bd5-ae60-422f-b09d-739332df659a', '2026-12-06 16:07:25.164489+00', '2026-12-06 16:07:25.164493+00', 2);
INSERT INTO public.gis_zoning_plans VALUES (3, 'Plan d''aménagement', 'PA-2024', '2024-01-01', NULL, 'EPSG:32629', NULL, 'a7da03f1-d2b5-4c00-acc2-0769c8efc3da', '2026-12-06 16:07:26.16755+00', '2026-12-06 16:07:26.167555+00', 3);


--
-- Data for Name: idempotency_records; Type: TABLE DATA; Schema: public; Owner: -
--

INSERT INTO public.idempotency_records VALUES (1, 'key:bk_legacy', 'req-1', 'bbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbb', 201, '{"ok": true}', '2026-11-30 10:00:00+00', '{"Location": "/api/x"}');


--
-- Data for Name: job_runs; Type: TABLE DATA; Schema: public; Owner: -
--

INSERT INTO public.job_runs VALUES (1, 'sync.deliver', '2026-11-30 10:00:00+00', 'host:1', '2026-11-30 10:00:00+00', NULL);


--
-- Data for Name: memberships; Type: TABLE DATA; Schema: public; Owner: -
--

INSERT INTO public.memberships VALUES (1, 2, 'supervisor', NULL, 1);
INSERT INTO public.memberships VALUES (2, 3, 'supervisor', NULL, 2);
INSERT INTO public.memberships VALUES (3, 4, 'agent', 1, NULL);
INSERT INTO public.memberships VALUES (4, 5, 'budget_officer', 1, NULL);
INSERT INTO public.memberships VALUES (5, 6, 'civil_status_officer', 1, NULL);
INSERT INTO public.memberships VALUES (6, 7, 'commission_member', 1, NULL);
INSERT INTO public.memberships VALUES (7, 8, 'commune_admin', 1, NULL);
INSERT INTO public.memberships VALUES (8, 9, 'treasurer', 1, NULL);
INSERT INTO public.memberships VALUES (9, 10, 'urban_planner', 1, NULL);
INSERT INTO public.memberships VALUES (10, 11, 'agent', 2, NULL);
INSERT INTO public.memberships VALUES (11, 12, 'budget_officer', 2, NULL);
INSERT INTO public.memberships VALUES (12, 13, 'civil_status_officer', 2, NULL);
INSERT INTO public.memberships VALUES (13, 14, 'commission_member', 2, NULL);
INSERT INTO public.memberships VALUES (14, 15, 'commune_admin', 2, NULL);
INSERT INTO public.memberships VALUES (15, 16, 'treasurer', 2, NULL);
INSERT INTO public.memberships VALUES (16, 17, 'urban_planner', 2, NULL);
INSERT INTO public.memberships VALUES (17, 18, 'agent', 3, NULL);
INSERT INTO public.memberships VALUES (18, 19, 'budget_officer', 3, NULL);
INSERT INTO public.memberships VALUES (19, 20, 'civil_status_officer', 3, NULL);
INSERT INTO public.memberships VALUES (20, 21, 'commission_member', 3, NULL);
INSERT INTO public.memberships VALUES (21, 22, 'commune_admin', 3, NULL);
INSERT INTO public.memberships VALUES (22, 23, 'treasurer', 3, NULL);
INSERT INTO public.memberships VALUES (23, 24, 'urban_planner', 3, NULL);
INSERT INTO public.memberships VALUES (24, 25, 'resident', 1, NULL);
INSERT INTO public.memberships VALUES (25, 26, 'resident', 3, NULL);


--
-- Data for Name: notices; Type: TABLE DATA; Schema: public; Owner: -
--

INSERT INTO public.notices VALUES (1, 'انقطاع مبرمج للماء', 'سينقطع التزويد بالماء يوم الثلاثاء من التاسعة إلى الواحدة بعد الزوال بالحي المركزي بسبب أشغال على الشبكة.', 'ar', 'published', '2026-12-06 16:07:24.0913+00', NULL, NULL, '6f771b28-7266-4b3e-9abb-136b3eea6480', '2026-12-06 16:07:24.092809+00', '2026-12-06 16:07:24.092811+00', 1);
INSERT INTO public.notices VALUES (2, 'الدورة العادية للمجلس', 'يعقد المجلس الجماعي دورته العادية يوم الاثنين الأول من الشهر على الساعة العاشرة بمقر الجماعة. الجلسة عمومية.', 'ar', 'published', '2026-12-06 16:07:24.094505+00', NULL, NULL, '89e9c46c-6fe2-49a9-857e-5ca8ef49b0a5', '2026-12-06 16:07:24.095322+00', '2026-12-06 16:07:24.095324+00', 1);
INSERT INTO public.notices VALUES (3, 'Coupure d''eau programmée', 'L''alimentation en eau sera interrompue mardi de 9 h à 13 h dans le quartier central pour des travaux sur le réseau.', 'fr', 'published', '2026-12-06 16:07:24.096346+00', NULL, NULL, '46847879-e2cd-4d34-b894-a285033a598f', '2026-12-06 16:07:24.097107+00', '2026-12-06 16:07:24.097109+00', 1);
INSERT INTO public.notices VALUES (4, 'Session ordinaire du conseil', 'Le conseil communal tiendra sa session ordinaire le premier lundi du mois, à 10 h, à l''hôtel de ville. La séance est publique.', 'fr', 'published', '2026-12-06 16:07:24.098059+00', NULL, NULL, '008896af-0098-46c8-830f-24dd3ef8598c', '2026-12-06 16:07:24.098787+00', '2026-12-06 16:07:24.098789+00', 1);
INSERT INTO public.notices VALUES (5, 'Campagne de vaccination', 'Une campagne de vaccination des enfants se tient au centre de santé communal toute la semaine prochaine.', 'fr', 'published', '2026-12-06 16:07:24.099726+00', NULL, NULL, 'd21921ef-3c88-465a-af10-6431ba524d8c', '2026-12-06 16:07:24.100532+00', '2026-12-06 16:07:24.100534+00', 1);
INSERT INTO public.notices VALUES (6, 'Coupure d''eau programmée', 'L''alimentation en eau sera interrompue mardi de 9 h à 13 h dans le quartier central pour des travaux sur le réseau.', 'fr', 'published', '2026-12-06 16:07:25.174962+00', NULL, NULL, '4ca2ef55-a36a-4242-b6f3-1e120d7a05e6', '2026-12-06 16:07:25.176041+00', '2026-12-06 16:07:25.176043+00', 2);
INSERT INTO public.notices VALUES (7, 'Session ordinaire du conseil', 'Le conseil communal tiendra sa session ordinaire le premier lundi du mois, à 10 h, à l''hôtel de ville. La séance est publique.', 'fr', 'published', '2026-12-06 16:07:25.177424+00', NULL, NULL, 'd1a205be-ef78-4df9-9a1c-4f4d8c759792', '2026-12-06 16:07:25.178275+00', '2026-12-06 16:07:25.178277+00', 2);
INSERT INTO public.notices VALUES (8, 'Campagne de vaccination', 'Une campagne de vaccination des enfants se tient au centre de santé communal toute la semaine prochaine.', 'fr', 'published', '2026-12-06 16:07:25.179359+00', NULL, NULL, '2d2f74f4-a9f2-4a2e-89dd-eef292ac5588', '2026-12-06 16:07:25.18018+00', '2026-12-06 16:07:25.180182+00', 2);
INSERT INTO public.notices VALUES (9, 'انقطاع مبرمج للماء', 'سينقطع التزويد بالماء يوم الثلاثاء من التاسعة إلى الواحدة بعد الزوال بالحي المركزي بسبب أشغال على الشبكة.', 'ar', 'published', '2026-12-06 16:07:25.181179+00', NULL, NULL, 'e102d1c0-46d5-4553-a6a5-31e6cfaf1645', '2026-12-06 16:07:25.181979+00', '2026-12-06 16:07:25.181981+00', 2);
INSERT INTO public.notices VALUES (10, 'الدورة العادية للمجلس', 'يعقد المجلس الجماعي دورته العادية يوم الاثنين الأول من الشهر على الساعة العاشرة بمقر الجماعة. الجلسة عمومية.', 'ar', 'published', '2026-12-06 16:07:25.182919+00', NULL, NULL, '2a68ae54-25b8-4847-aa3d-b495c99a87d8', '2026-12-06 16:07:25.183666+00', '2026-12-06 16:07:25.183668+00', 2);
INSERT INTO public.notices VALUES (11, 'Coupure d''eau programmée', 'L''alimentation en eau sera interrompue mardi de 9 h à 13 h dans le quartier central pour des travaux sur le réseau.', 'fr', 'published', '2026-12-06 16:07:26.178595+00', NULL, NULL, '80207fba-13af-4cea-8bab-210f621188b6', '2026-12-06 16:07:26.179504+00', '2026-12-06 16:07:26.179505+00', 3);
INSERT INTO public.notices VALUES (12, 'Session ordinaire du conseil', 'Le conseil communal tiendra sa session ordinaire le premier lundi du mois, à 10 h, à l''hôtel de ville. La séance est publique.', 'fr', 'published', '2026-12-06 16:07:26.180698+00', NULL, NULL, '637c93c7-526d-4099-a749-23afc2404344', '2026-12-06 16:07:26.181617+00', '2026-12-06 16:07:26.181619+00', 3);
INSERT INTO public.notices VALUES (13, 'Campagne de vaccination', 'Une campagne de vaccination des enfants se tient au centre de santé communal toute la semaine prochaine.', 'fr', 'published', '2026-12-06 16:07:26.18268+00', NULL, NULL, '26959c86-d9bb-4c06-a007-f4d1c224f386', '2026-12-06 16:07:26.183547+00', '2026-12-06 16:07:26.183549+00', 3);


--
-- Data for Name: outbox; Type: TABLE DATA; Schema: public; Owner: -
--

INSERT INTO public.outbox VALUES (2, 'bd777030-9cab-4fcb-bc89-438608236b42', 1, 'national:complaints', '{"event_id": "0788403f-8257-595a-82f8-b0202fa3b0ae", "event_type": "complaint.filed", "occurred_at": "2026-12-06T16:07:23.858245Z", "commune": "sale", "payload_version": "1", "object": {"type": "complaint", "id": "aef06bae-7223-468b-a348-4a3e2a398c3a"}, "payload": {"local_id": "aef06bae-7223-468b-a348-4a3e2a398c3a", "service_code": "eclairage", "description": "Trois lampadaires \u00e9teints depuis une semaine dans la ruelle.", "kind": "complaint", "channel": "web", "requested_at": "2026-12-06T16:07:23.856851Z", "address": "Derb Sidi Ahmed"}}', 'national:complaints:0788403f-8257-595a-82f8-b0202fa3b0ae', 'pending', 0, '2026-12-06 16:07:23.896621+00', NULL, '2026-12-06 16:07:23.896628+00', NULL, 'sale:complaint:aef06bae-7223-468b-a348-4a3e2a398c3a');
INSERT INTO public.outbox VALUES (3, '51ca5d77-ab5d-48af-b5ab-d466cf5fea43', 1, 'messaging', '{"channel": "email", "to": "resident@example.org", "subject": "\u0627\u0644\u0634\u0643\u0627\u064a\u0629 K6TK4BHMC2YS", "body": "\u062a\u0648\u0635\u0644\u0646\u0627 \u0628\u0634\u0643\u0627\u064a\u062a\u0643. \u0627\u062d\u062a\u0641\u0638 \u0628\u0631\u0645\u0632 \u062a\u062a\u0628\u0639\u0647\u0627: K6TK4BHMC2YS."}', 'complaints:commune:1:20:email', 'pending', 0, '2026-12-06 16:07:23.896632+00', NULL, '2026-12-06 16:07:23.896633+00', NULL, NULL);
INSERT INTO public.outbox VALUES (4, 'a7b770ab-5a19-4367-ae85-43734a99f908', 1, 'national:complaints', '{"event_id": "7ed007b8-52b5-5372-abb5-31039af00b00", "event_type": "complaint.status_changed", "occurred_at": "2026-12-06T16:07:23.907973Z", "commune": "sale", "payload_version": "1", "object": {"type": "complaint", "id": "aef06bae-7223-468b-a348-4a3e2a398c3a"}, "payload": {"local_id": "aef06bae-7223-468b-a348-4a3e2a398c3a", "status": "acknowledged", "previous_status": "received", "updated_at": "2026-12-06T16:07:23.907973Z"}}', 'national:complaints:7ed007b8-52b5-5372-abb5-31039af00b00', 'pending', 0, '2026-12-06 16:07:23.911389+00', NULL, '2026-12-06 16:07:23.911392+00', NULL, 'sale:complaint:aef06bae-7223-468b-a348-4a3e2a398c3a');
INSERT INTO public.outbox VALUES (5, 'e279a133-e325-46c6-ae97-e882c3f776ac', 1, 'messaging', '{"channel": "email", "to": "resident@example.org", "subject": "\u0627\u0644\u0634\u0643\u0627\u064a\u0629 K6TK4BHMC2YS", "body": "\u0623\u0634\u0639\u0631\u062a \u0627\u0644\u062c\u0645\u0627\u0639\u0629 \u0628\u062a\u0648\u0635\u0644\u0647\u0627 \u0628\u0634\u0643\u0627\u064a\u062a\u0643 K6TK4BHMC2YS."}', 'complaints:commune:1:22:email', 'pending', 0, '2026-12-06 16:07:23.914456+00', NULL, '2026-12-06 16:07:23.914457+00', NULL, NULL);
INSERT INTO public.outbox VALUES (6, 'a6f511da-ae57-448c-b888-d13b61f9cb43', 1, 'national:complaints', '{"event_id": "ee7565e9-cfaa-5262-96c8-1a6ed68d71e7", "event_type": "complaint.filed", "occurred_at": "2026-12-06T16:07:23.916078Z", "commune": "sale", "payload_version": "1", "object": {"type": "complaint", "id": "8155e0f3-ea68-448f-aa5f-8a25514b6df5"}, "payload": {"local_id": "8155e0f3-ea68-448f-aa5f-8a25514b6df5", "service_code": "dechets", "description": "Le conteneur n''a pas \u00e9t\u00e9 vid\u00e9 depuis cinq jours.", "kind": "complaint", "channel": "web", "requested_at": "2026-12-06T16:07:23.914993Z", "address": "Place du march\u00e9"}}', 'national:complaints:ee7565e9-cfaa-5262-96c8-1a6ed68d71e7', 'pending', 0, '2026-12-06 16:07:23.919403+00', NULL, '2026-12-06 16:07:23.919405+00', NULL, 'sale:complaint:8155e0f3-ea68-448f-aa5f-8a25514b6df5');
INSERT INTO public.outbox VALUES (7, '3c5da7ec-e9cc-4d30-9a5b-24ca1101f879', 1, 'national:complaints', '{"event_id": "4ef45900-e693-5de7-bbe5-55872ecaba1b", "event_type": "complaint.status_changed", "occurred_at": "2026-12-06T16:07:23.920737Z", "commune": "sale", "payload_version": "1", "object": {"type": "complaint", "id": "8155e0f3-ea68-448f-aa5f-8a25514b6df5"}, "payload": {"local_id": "8155e0f3-ea68-448f-aa5f-8a25514b6df5", "status": "acknowledged", "previous_status": "received", "updated_at": "2026-12-06T16:07:23.920737Z"}}', 'national:complaints:4ef45900-e693-5de7-bbe5-55872ecaba1b', 'pending', 0, '2026-12-06 16:07:23.923647+00', NULL, '2026-12-06 16:07:23.923649+00', NULL, 'sale:complaint:8155e0f3-ea68-448f-aa5f-8a25514b6df5');
INSERT INTO public.outbox VALUES (8, 'b4071cb1-23ff-45c6-b875-a04026f0980d', 1, 'national:complaints', '{"event_id": "636c3347-dd35-56a3-9d0b-770e7f235f60", "event_type": "complaint.status_changed", "occurred_at": "2026-12-06T16:07:23.925849Z", "commune": "sale", "payload_version": "1", "object": {"type": "complaint", "id": "8155e0f3-ea68-448f-aa5f-8a25514b6df5"}, "payload": {"local_id": "8155e0f3-ea68-448f-aa5f-8a25514b6df5", "status": "assigned", "previous_status": "acknowledged", "updated_at": "2026-12-06T16:07:23.925849Z"}}', 'national:complaints:636c3347-dd35-56a3-9d0b-770e7f235f60', 'pending', 0, '2026-12-06 16:07:23.928824+00', NULL, '2026-12-06 16:07:23.928827+00', NULL, 'sale:complaint:8155e0f3-ea68-448f-aa5f-8a25514b6df5');
INSERT INTO public.outbox VALUES (9, '9657581d-d0d1-497b-ac08-ce5ea7f06915', 1, 'national:complaints', '{"event_id": "743f6252-849b-501f-9b7d-3661fc5b904c", "event_type": "complaint.status_changed", "occurred_at": "2026-12-06T16:07:23.930892Z", "commune": "sale", "payload_version": "1", "object": {"type": "complaint", "id": "8155e0f3-ea68-448f-aa5f-8a25514b6df5"}, "payload": {"local_id": "8155e0f3-ea68-448f-aa5f-8a25514b6df5", "status": "in_progress", "previous_status": "assigned", "updated_at": "2026-12-06T16:07:23.930892Z"}}', 'national:complaints:743f6252-849b-501f-9b7d-3661fc5b904c', 'pending', 0, '2026-12-06 16:07:23.933633+00', NULL, '2026-12-06 16:07:23.933636+00', NULL, 'sale:complaint:8155e0f3-ea68-448f-aa5f-8a25514b6df5');
INSERT INTO public.outbox VALUES (10, '6096e05b-3cdf-4e7d-be46-b8e40225d9b3', 1, 'national:complaints', '{"event_id": "41ba8b21-c943-5b8f-a939-b33dcececdb7", "event_type": "complaint.filed", "occurred_at": "2026-12-06T16:07:23.935817Z", "commune": "sale", "payload_version": "1", "object": {"type": "complaint", "id": "6004e1bd-b79d-43f8-997b-c95fe121b70a"}, "payload": {"local_id": "6004e1bd-b79d-43f8-997b-c95fe121b70a", "service_code": "eau", "description": "Fuite d''eau sur la conduite principale, la rue est inond\u00e9e.", "kind": "complaint", "channel": "web", "requested_at": "2026-12-06T16:07:23.934860Z", "address": "Rue 12, quartier industriel"}}', 'national:complaints:41ba8b21-c943-5b8f-a939-b33dcececdb7', 'pending', 0, '2026-12-06 16:07:23.93875+00', NULL, '2026-12-06 16:07:23.938752+00', NULL, 'sale:complaint:6004e1bd-b79d-43f8-997b-c95fe121b70a');
INSERT INTO public.outbox VALUES (11, '1b546684-97ec-4e65-83ea-85ddc5b2dd76', 1, 'national:complaints', '{"event_id": "d9e841aa-3bae-5556-8cfd-fc67d0f7522f", "event_type": "complaint.status_changed", "occurred_at": "2026-12-06T16:07:23.939929Z", "commune": "sale", "payload_version": "1", "object": {"type": "complaint", "id": "6004e1bd-b79d-43f8-997b-c95fe121b70a"}, "payload": {"local_id": "6004e1bd-b79d-43f8-997b-c95fe121b70a", "status": "acknowledged", "previous_status": "received", "updated_at": "2026-12-06T16:07:23.939929Z"}}', 'national:complaints:d9e841aa-3bae-5556-8cfd-fc67d0f7522f', 'pending', 0, '2026-12-06 16:07:23.94259+00', NULL, '2026-12-06 16:07:23.942592+00', NULL, 'sale:complaint:6004e1bd-b79d-43f8-997b-c95fe121b70a');
INSERT INTO public.outbox VALUES (12, '2f48e231-189a-4bca-a61a-ed870c54c6ec', 1, 'national:complaints', '{"event_id": "f8a5358c-a973-5a97-b9a6-c57e9e41df6c", "event_type": "complaint.status_changed", "occurred_at": "2026-12-06T16:07:23.944654Z", "commune": "sale", "payload_version": "1", "object": {"type": "complaint", "id": "6004e1bd-b79d-43f8-997b-c95fe121b70a"}, "payload": {"local_id": "6004e1bd-b79d-43f8-997b-c95fe121b70a", "status": "assigned", "previous_status": "acknowledged", "updated_at": "2026-12-06T16:07:23.944654Z"}}', 'national:complaints:f8a5358c-a973-5a97-b9a6-c57e9e41df6c', 'pending', 0, '2026-12-06 16:07:23.947287+00', NULL, '2026-12-06 16:07:23.947289+00', NULL, 'sale:complaint:6004e1bd-b79d-43f8-997b-c95fe121b70a');
INSERT INTO public.outbox VALUES (13, '6f054ef2-43c7-41b8-93fb-aa56c9a0dc78', 1, 'national:complaints', '{"event_id": "d04ba350-fa73-5fa7-ad27-d3ffb6bbdcd9", "event_type": "complaint.status_changed", "occurred_at": "2026-12-06T16:07:23.949308Z", "commune": "sale", "payload_version": "1", "object": {"type": "complaint", "id": "6004e1bd-b79d-43f8-997b-c95fe121b70a"}, "payload": {"local_id": "6004e1bd-b79d-43f8-997b-c95fe121b70a", "status": "in_progress", "previous_status": "assigned", "updated_at": "2026-12-06T16:07:23.949308Z"}}', 'national:complaints:d04ba350-fa73-5fa7-ad27-d3ffb6bbdcd9', 'pending', 0, '2026-12-06 16:07:23.95196+00', NULL, '2026-12-06 16:07:23.951962+00', NULL, 'sale:complaint:6004e1bd-b79d-43f8-997b-c95fe121b70a');
INSERT INTO public.outbox VALUES (14, 'b8ff37e2-af2a-4d9b-99c0-2bb15f82c221', 1, 'national:complaints', '{"event_id": "6f93d65d-a0ad-5334-b806-cf75dac633b9", "event_type": "complaint.status_changed", "occurred_at": "2026-12-06T16:07:23.954823Z", "commune": "sale", "payload_version": "1", "object": {"type": "complaint", "id": "6004e1bd-b79d-43f8-997b-c95fe121b70a"}, "payload": {"local_id": "6004e1bd-b79d-43f8-997b-c95fe121b70a", "status": "resolved", "previous_status": "in_progress", "updated_at": "2026-12-06T16:07:23.954823Z"}}', 'national:complaints:6f93d65d-a0ad-5334-b806-cf75dac633b9', 'pending', 0, '2026-12-06 16:07:23.958074+00', NULL, '2026-12-06 16:07:23.958077+00', NULL, 'sale:complaint:6004e1bd-b79d-43f8-997b-c95fe121b70a');
INSERT INTO public.outbox VALUES (15, '75c678be-4e71-439e-b65d-6de4a6577c59', 2, 'national:complaints', '{"event_id": "3356e358-c26f-5cd6-a720-f0c7cb8d6d9e", "event_type": "complaint.filed", "occurred_at": "2026-12-06T16:07:24.997412Z", "commune": "temara", "payload_version": "1", "object": {"type": "complaint", "id": "b8317580-3e66-4d51-a741-7f141c5839a9"}, "payload": {"local_id": "b8317580-3e66-4d51-a741-7f141c5839a9", "service_code": "voirie", "description": "Nid-de-poule profond devant l''\u00e9cole primaire, dangereux pour les v\u00e9los.", "kind": "complaint", "channel": "web", "requested_at": "2026-12-06T16:07:24.995286Z", "address": "Avenue Hassan II, devant l''\u00e9cole"}}', 'national:complaints:3356e358-c26f-5cd6-a720-f0c7cb8d6d9e', 'pending', 0, '2026-12-06 16:07:25.023171+00', NULL, '2026-12-06 16:07:25.02318+00', NULL, 'temara:complaint:b8317580-3e66-4d51-a741-7f141c5839a9');
INSERT INTO public.outbox VALUES (16, '2772534a-b90a-42c1-b226-a411b3d6fd94', 2, 'national:complaints', '{"event_id": "25f11ea7-cda9-5f88-8a14-bfff69275c33", "event_type": "complaint.filed", "occurred_at": "2026-12-06T16:07:25.031270Z", "commune": "temara", "payload_version": "1", "object": {"type": "complaint", "id": "96b2b42b-d597-4dc0-b387-60a0182ad387"}, "payload": {"local_id": "96b2b42b-d597-4dc0-b387-60a0182ad387", "service_code": "eclairage", "description": "Trois lampadaires \u00e9teints depuis une semaine dans la ruelle.", "kind": "complaint", "channel": "web", "requested_at": "2026-12-06T16:07:25.030004Z", "address": "Derb Sidi Ahmed"}}', 'national:complaints:25f11ea7-cda9-5f88-8a14-bfff69275c33', 'pending', 0, '2026-12-06 16:07:25.076305+00', NULL, '2026-12-06 16:07:25.076312+00', NULL, 'temara:complaint:96b2b42b-d597-4dc0-b387-60a0182ad387');
INSERT INTO public.outbox VALUES (17, '5201582a-9a81-404d-899c-8bee32977cf2', 2, 'messaging', '{"channel": "email", "to": "resident@example.org", "subject": "R\u00e9clamation QUDZVHEGBB2V", "body": "Votre r\u00e9clamation a \u00e9t\u00e9 re\u00e7ue. Conservez son code de suivi : QUDZVHEGBB2V."}', 'complaints:commune:2:20:email', 'pending', 0, '2026-12-06 16:07:25.076316+00', NULL, '2026-12-06 16:07:25.076317+00', NULL, NULL);
INSERT INTO public.outbox VALUES (18, '3d3636da-3750-4a9f-94a9-ced79ec90c05', 2, 'national:complaints', '{"event_id": "c2594e1d-a075-5366-8a6a-6ae36f797a52", "event_type": "complaint.status_changed", "occurred_at": "2026-12-06T16:07:25.087583Z", "commune": "temara", "payload_version": "1", "object": {"type": "complaint", "id": "96b2b42b-d597-4dc0-b387-60a0182ad387"}, "payload": {"local_id": "96b2b42b-d597-4dc0-b387-60a0182ad387", "status": "acknowledged", "previous_status": "received", "updated_at": "2026-12-06T16:07:25.087583Z"}}', 'national:complaints:c2594e1d-a075-5366-8a6a-6ae36f797a52', 'pending', 0, '2026-12-06 16:07:25.09112+00', NULL, '2026-12-06 16:07:25.091124+00', NULL, 'temara:complaint:96b2b42b-d597-4dc0-b387-60a0182ad387');
INSERT INTO public.outbox VALUES (19, '54a2d534-d4c4-4525-b86a-8ffb00a30d2c', 2, 'messaging', '{"channel": "email", "to": "resident@example.org", "subject": "R\u00e9clamation QUDZVHEGBB2V", "body": "La commune a accus\u00e9 r\u00e9ception de votre r\u00e9clamation QUDZVHEGBB2V."}', 'complaints:commune:2:22:email', 'pending', 0, '2026-12-06 16:07:25.093131+00', NULL, '2026-12-06 16:07:25.093133+00', NULL, NULL);
INSERT INTO public.outbox VALUES (20, '7fd3c83c-797a-477c-a9fa-a577fe0da432', 2, 'national:complaints', '{"event_id": "3c7bba47-ec5a-537c-8572-737e21d689d4", "event_type": "complaint.filed", "occurred_at": "2026-12-06T16:07:25.094680Z", "commune": "temara", "payload_version": "1", "object": {"type": "complaint", "id": "a8671af9-2779-4b9b-a9ea-e3ebe9de379a"}, "payload": {"local_id": "a8671af9-2779-4b9b-a9ea-e3ebe9de379a", "service_code": "dechets", "description": "Le conteneur n''a pas \u00e9t\u00e9 vid\u00e9 depuis cinq jours.", "kind": "complaint", "channel": "web", "requested_at": "2026-12-06T16:07:25.093659Z", "address": "Place du march\u00e9"}}', 'national:complaints:3c7bba47-ec5a-537c-8572-737e21d689d4', 'pending', 0, '2026-12-06 16:07:25.09797+00', NULL, '2026-12-06 16:07:25.097972+00', NULL, 'temara:complaint:a8671af9-2779-4b9b-a9ea-e3ebe9de379a');
INSERT INTO public.outbox VALUES (21, '08b78071-9131-4f27-8d11-84cd9af2237d', 2, 'national:complaints', '{"event_id": "f6c5c2a0-98fd-5106-aa74-5b136308e2e6", "event_type": "complaint.status_changed", "occurred_at": "2026-12-06T16:07:25.099143Z", "commune": "temara", "payload_version": "1", "object": {"type": "complaint", "id": "a8671af9-2779-4b9b-a9ea-e3ebe9de379a"}, "payload": {"local_id": "a8671af9-2779-4b9b-a9ea-e3ebe9de379a", "status": "acknowledged", "previous_status": "received", "updated_at": "2026-12-06T16:07:25.099143Z"}}', 'national:complaints:f6c5c2a0-98fd-5106-aa74-5b136308e2e6', 'pending', 0, '2026-12-06 16:07:25.101827+00', NULL, '2026-12-06 16:07:25.101829+00', NULL, 'temara:complaint:a8671af9-2779-4b9b-a9ea-e3ebe9de379a');
INSERT INTO public.outbox VALUES (22, '2819f970-bb60-4377-ad68-c23f9674c388', 2, 'national:complaints', '{"event_id": "8bbb5ab9-e7f3-5d62-a3b2-0a5ec22aa88b", "event_type": "complaint.status_changed", "occurred_at": "2026-12-06T16:07:25.104134Z", "commune": "temara", "payload_version": "1", "object": {"type": "complaint", "id": "a8671af9-2779-4b9b-a9ea-e3ebe9de379a"}, "payload": {"local_id": "a8671af9-2779-4b9b-a9ea-e3ebe9de379a", "status": "assigned", "previous_status": "acknowledged", "updated_at": "2026-12-06T16:07:25.104134Z"}}', 'national:complaints:8bbb5ab9-e7f3-5d62-a3b2-0a5ec22aa88b', 'pending', 0, '2026-12-06 16:07:25.107792+00', NULL, '2026-12-06 16:07:25.107795+00', NULL, 'temara:complaint:a8671af9-2779-4b9b-a9ea-e3ebe9de379a');
INSERT INTO public.outbox VALUES (23, 'd7a310be-02da-4662-9b15-4c9eae4ca33f', 2, 'national:complaints', '{"event_id": "28948bf9-d31b-57c9-8c01-717aec903b11", "event_type": "complaint.status_changed", "occurred_at": "2026-12-06T16:07:25.110558Z", "commune": "temara", "payload_version": "1", "object": {"type": "complaint", "id": "a8671af9-2779-4b9b-a9ea-e3ebe9de379a"}, "payload": {"local_id": "a8671af9-2779-4b9b-a9ea-e3ebe9de379a", "status": "in_progress", "previous_status": "assigned", "updated_at": "2026-12-06T16:07:25.110558Z"}}', 'national:complaints:28948bf9-d31b-57c9-8c01-717aec903b11', 'pending', 0, '2026-12-06 16:07:25.113703+00', NULL, '2026-12-06 16:07:25.113705+00', NULL, 'temara:complaint:a8671af9-2779-4b9b-a9ea-e3ebe9de379a');
INSERT INTO public.outbox VALUES (24, 'a9b077ad-ea00-40a0-b82a-aa691e09e604', 2, 'national:complaints', '{"event_id": "9f6d9fa5-8449-5259-a7f4-f7e02b27b1c1", "event_type": "complaint.filed", "occurred_at": "2026-12-06T16:07:25.116299Z", "commune": "temara", "payload_version": "1", "object": {"type": "complaint", "id": "1beec70a-d6bf-43b5-a98f-64cbee2fe616"}, "payload": {"local_id": "1beec70a-d6bf-43b5-a98f-64cbee2fe616", "service_code": "eau", "description": "Fuite d''eau sur la conduite principale, la rue est inond\u00e9e.", "kind": "complaint", "channel": "web", "requested_at": "2026-12-06T16:07:25.115077Z", "address": "Rue 12, quartier industriel"}}', 'national:complaints:9f6d9fa5-8449-5259-a7f4-f7e02b27b1c1', 'pending', 0, '2026-12-06 16:07:25.119638+00', NULL, '2026-12-06 16:07:25.119641+00', NULL, 'temara:complaint:1beec70a-d6bf-43b5-a98f-64cbee2fe616');
INSERT INTO public.outbox VALUES (25, 'b0280fd3-5579-4033-a589-5d3859b3fe6d', 2, 'national:complaints', '{"event_id": "fefd1670-aad9-594a-adb7-bce83fd7f474", "event_type": "complaint.status_changed", "occurred_at": "2026-12-06T16:07:25.120917Z", "commune": "temara", "payload_version": "1", "object": {"type": "complaint", "id": "1beec70a-d6bf-43b5-a98f-64cbee2fe616"}, "payload": {"local_id": "1beec70a-d6bf-43b5-a98f-64cbee2fe616", "status": "acknowledged", "previous_status": "received", "updated_at": "2026-12-06T16:07:25.120917Z"}}', 'national:complaints:fefd1670-aad9-594a-adb7-bce83fd7f474', 'pending', 0, '2026-12-06 16:07:25.123786+00', NULL, '2026-12-06 16:07:25.123788+00', NULL, 'temara:complaint:1beec70a-d6bf-43b5-a98f-64cbee2fe616');
INSERT INTO public.outbox VALUES (26, '84b287ac-1507-4b26-a938-aa06d91d3bcc', 2, 'national:complaints', '{"event_id": "6bef6677-4a03-5e8f-a74a-8b6ab5dc43ad", "event_type": "complaint.status_changed", "occurred_at": "2026-12-06T16:07:25.125703Z", "commune": "temara", "payload_version": "1", "object": {"type": "complaint", "id": "1beec70a-d6bf-43b5-a98f-64cbee2fe616"}, "payload": {"local_id": "1beec70a-d6bf-43b5-a98f-64cbee2fe616", "status": "assigned", "previous_status": "acknowledged", "updated_at": "2026-12-06T16:07:25.125703Z"}}', 'national:complaints:6bef6677-4a03-5e8f-a74a-8b6ab5dc43ad', 'pending', 0, '2026-12-06 16:07:25.128518+00', NULL, '2026-12-06 16:07:25.12852+00', NULL, 'temara:complaint:1beec70a-d6bf-43b5-a98f-64cbee2fe616');
INSERT INTO public.outbox VALUES (27, '675d55c7-c072-48a2-befb-ce0478427b86', 2, 'national:complaints', '{"event_id": "22309bab-b7a2-587f-a582-b8536da3f074", "event_type": "complaint.status_changed", "occurred_at": "2026-12-06T16:07:25.130231Z", "commune": "temara", "payload_version": "1", "object": {"type": "complaint", "id": "1beec70a-d6bf-43b5-a98f-64cbee2fe616"}, "payload": {"local_id": "1beec70a-d6bf-43b5-a98f-64cbee2fe616", "status": "in_progress", "previous_status": "assigned", "updated_at": "2026-12-06T16:07:25.130231Z"}}', 'national:complaints:22309bab-b7a2-587f-a582-b8536da3f074', 'pending', 0, '2026-12-06 16:07:25.132894+00', NULL, '2026-12-06 16:07:25.132896+00', NULL, 'temara:complaint:1beec70a-d6bf-43b5-a98f-64cbee2fe616');
INSERT INTO public.outbox VALUES (28, '506be0fa-a33a-4870-909e-ea0de37f4f0c', 2, 'national:complaints', '{"event_id": "b59b9923-dee5-540b-bbb8-00af14162625", "event_type": "complaint.status_changed", "occurred_at": "2026-12-06T16:07:25.134728Z", "commune": "temara", "payload_version": "1", "object": {"type": "complaint", "id": "1beec70a-d6bf-43b5-a98f-64cbee2fe616"}, "payload": {"local_id": "1beec70a-d6bf-43b5-a98f-64cbee2fe616", "status": "resolved", "previous_status": "in_progress", "updated_at": "2026-12-06T16:07:25.134728Z"}}', 'national:complaints:b59b9923-dee5-540b-bbb8-00af14162625', 'pending', 0, '2026-12-06 16:07:25.137358+00', NULL, '2026-12-06 16:07:25.13736+00', NULL, 'temara:complaint:1beec70a-d6bf-43b5-a98f-64cbee2fe616');
INSERT INTO public.outbox VALUES (29, '17962de0-3b63-486e-aebb-a1ac5360576b', 3, 'national:complaints', '{"event_id": "4001997a-fa74-575d-bba6-f88c8ce589a1", "event_type": "complaint.filed", "occurred_at": "2026-12-06T16:07:26.007228Z", "commune": "bamako-commune-3", "payload_version": "1", "object": {"type": "complaint", "id": "152c3dd7-4e38-4a5f-aad2-d919ca076304"}, "payload": {"local_id": "152c3dd7-4e38-4a5f-aad2-d919ca076304", "service_code": "voirie", "description": "Nid-de-poule profond devant l''\u00e9cole primaire, dangereux pour les v\u00e9los.", "kind": "complaint", "channel": "web", "requested_at": "2026-12-06T16:07:26.006440Z", "address": "Avenue Hassan II, devant l''\u00e9cole"}}', 'national:complaints:4001997a-fa74-575d-bba6-f88c8ce589a1', 'pending', 0, '2026-12-06 16:07:26.029475+00', NULL, '2026-12-06 16:07:26.029481+00', NULL, 'bamako-commune-3:complaint:152c3dd7-4e38-4a5f-aad2-d919ca076304');
INSERT INTO public.outbox VALUES (30, '4746f81c-d730-4103-95a1-dc5613d840a3', 3, 'national:complaints', '{"event_id": "8ee9fcfd-bd8f-54a9-913c-5e82e01eed8c", "event_type": "complaint.filed", "occurred_at": "2026-12-06T16:07:26.037175Z", "commune": "bamako-commune-3", "payload_version": "1", "object": {"type": "complaint", "id": "b8db0a7f-08d3-4e2d-b097-ac683ec9be7f"}, "payload": {"local_id": "b8db0a7f-08d3-4e2d-b097-ac683ec9be7f", "service_code": "eclairage", "description": "Trois lampadaires \u00e9teints depuis une semaine dans la ruelle.", "kind": "complaint", "channel": "web", "requested_at": "2026-12-06T16:07:26.036171Z", "address": "Derb Sidi Ahmed"}}', 'national:complaints:8ee9fcfd-bd8f-54a9-913c-5e82e01eed8c', 'pending', 0, '2026-12-06 16:07:26.077685+00', NULL, '2026-12-06 16:07:26.077692+00', NULL, 'bamako-commune-3:complaint:b8db0a7f-08d3-4e2d-b097-ac683ec9be7f');
INSERT INTO public.outbox VALUES (31, '3aeedcf4-4969-4324-a945-bb6aed1899c7', 3, 'messaging', '{"channel": "email", "to": "resident@example.org", "subject": "R\u00e9clamation 48YC4XCUY8TM", "body": "Votre r\u00e9clamation a \u00e9t\u00e9 re\u00e7ue. Conservez son code de suivi : 48YC4XCUY8TM."}', 'complaints:commune:3:20:email', 'pending', 0, '2026-12-06 16:07:26.077696+00', NULL, '2026-12-06 16:07:26.077696+00', NULL, NULL);
INSERT INTO public.outbox VALUES (32, 'fb056fe9-efc8-4bd5-8f6f-dda1e634e09e', 3, 'national:complaints', '{"event_id": "cbd1c770-e716-5779-9fae-5b9856d64a2c", "event_type": "complaint.status_changed", "occurred_at": "2026-12-06T16:07:26.085945Z", "commune": "bamako-commune-3", "payload_version": "1", "object": {"type": "complaint", "id": "b8db0a7f-08d3-4e2d-b097-ac683ec9be7f"}, "payload": {"local_id": "b8db0a7f-08d3-4e2d-b097-ac683ec9be7f", "status": "acknowledged", "previous_status": "received", "updated_at": "2026-12-06T16:07:26.085945Z"}}', 'national:complaints:cbd1c770-e716-5779-9fae-5b9856d64a2c', 'pending', 0, '2026-12-06 16:07:26.088851+00', NULL, '2026-12-06 16:07:26.088854+00', NULL, 'bamako-commune-3:complaint:b8db0a7f-08d3-4e2d-b097-ac683ec9be7f');
INSERT INTO public.outbox VALUES (33, '6c80417a-7511-407c-92f7-d4df7c373558', 3, 'messaging', '{"channel": "email", "to": "resident@example.org", "subject": "R\u00e9clamation 48YC4XCUY8TM", "body": "La commune a accus\u00e9 r\u00e9ception de votre r\u00e9clamation 48YC4XCUY8TM."}', 'complaints:commune:3:22:email', 'pending', 0, '2026-12-06 16:07:26.090374+00', NULL, '2026-12-06 16:07:26.090375+00', NULL, NULL);
INSERT INTO public.outbox VALUES (34, '1456b020-76f0-46ee-ac40-1eb235f20e76', 3, 'national:complaints', '{"event_id": "c90ed361-da19-5b2f-a8a2-f326f8cfebaa", "event_type": "complaint.filed", "occurred_at": "2026-12-06T16:07:26.091685Z", "commune": "bamako-commune-3", "payload_version": "1", "object": {"type": "complaint", "id": "ce53c939-45e3-4aab-b929-121b724ea760"}, "payload": {"local_id": "ce53c939-45e3-4aab-b929-121b724ea760", "service_code": "dechets", "description": "Le conteneur n''a pas \u00e9t\u00e9 vid\u00e9 depuis cinq jours.", "kind": "complaint", "channel": "web", "requested_at": "2026-12-06T16:07:26.090800Z", "address": "Place du march\u00e9"}}', 'national:complaints:c90ed361-da19-5b2f-a8a2-f326f8cfebaa', 'pending', 0, '2026-12-06 16:07:26.094715+00', NULL, '2026-12-06 16:07:26.094717+00', NULL, 'bamako-commune-3:complaint:ce53c939-45e3-4aab-b929-121b724ea760');
INSERT INTO public.outbox VALUES (35, '266be6aa-4632-4e53-9167-d66683b85b88', 3, 'national:complaints', '{"event_id": "569071d9-3c65-5282-9c0e-63861c1c4ece", "event_type": "complaint.status_changed", "occurred_at": "2026-12-06T16:07:26.095830Z", "commune": "bamako-commune-3", "payload_version": "1", "object": {"type": "complaint", "id": "ce53c939-45e3-4aab-b929-121b724ea760"}, "payload": {"local_id": "ce53c939-45e3-4aab-b929-121b724ea760", "status": "acknowledged", "previous_status": "received", "updated_at": "2026-12-06T16:07:26.095830Z"}}', 'national:complaints:569071d9-3c65-5282-9c0e-63861c1c4ece', 'pending', 0, '2026-12-06 16:07:26.098457+00', NULL, '2026-12-06 16:07:26.098459+00', NULL, 'bamako-commune-3:complaint:ce53c939-45e3-4aab-b929-121b724ea760');
INSERT INTO public.outbox VALUES (36, 'b095cc7e-4c3b-43ca-964a-6cde0ce1c164', 3, 'national:complaints', '{"event_id": "f664bcc2-b4a0-5142-a6de-ac9d24e200ed", "event_type": "complaint.status_changed", "occurred_at": "2026-12-06T16:07:26.100176Z", "commune": "bamako-commune-3", "payload_version": "1", "object": {"type": "complaint", "id": "ce53c939-45e3-4aab-b929-121b724ea760"}, "payload": {"local_id": "ce53c939-45e3-4aab-b929-121b724ea760", "status": "assigned", "previous_status": "acknowledged", "updated_at": "2026-12-06T16:07:26.100176Z"}}', 'national:complaints:f664bcc2-b4a0-5142-a6de-ac9d24e200ed', 'pending', 0, '2026-12-06 16:07:26.102719+00', NULL, '2026-12-06 16:07:26.102721+00', NULL, 'bamako-commune-3:complaint:ce53c939-45e3-4aab-b929-121b724ea760');
INSERT INTO public.outbox VALUES (37, 'e850bf5a-51b7-4cd8-ae01-3db00e947813', 3, 'national:complaints', '{"event_id": "c80cd8a5-b1e5-5e01-9234-72038cedf0e6", "event_type": "complaint.status_changed", "occurred_at": "2026-12-06T16:07:26.104442Z", "commune": "bamako-commune-3", "payload_version": "1", "object": {"type": "complaint", "id": "ce53c939-45e3-4aab-b929-121b724ea760"}, "payload": {"local_id": "ce53c939-45e3-4aab-b929-121b724ea760", "status": "in_progress", "previous_status": "assigned", "updated_at": "2026-12-06T16:07:26.104442Z"}}', 'national:complaints:c80cd8a5-b1e5-5e01-9234-72038cedf0e6', 'pending', 0, '2026-12-06 16:07:26.107034+00', NULL, '2026-12-06 16:07:26.107036+00', NULL, 'bamako-commune-3:complaint:ce53c939-45e3-4aab-b929-121b724ea760');
INSERT INTO public.outbox VALUES (38, '72c9d0d9-d847-4650-a4d0-5bb96abe3ad4', 3, 'national:complaints', '{"event_id": "d62bca27-ba3c-50d8-b512-e878770bae41", "event_type": "complaint.filed", "occurred_at": "2026-12-06T16:07:26.109824Z", "commune": "bamako-commune-3", "payload_version": "1", "object": {"type": "complaint", "id": "5893a16d-ea86-45af-b2dc-7e5d8cb0a507"}, "payload": {"local_id": "5893a16d-ea86-45af-b2dc-7e5d8cb0a507", "service_code": "eau", "description": "Fuite d''eau sur la conduite principale, la rue est inond\u00e9e.", "kind": "complaint", "channel": "web", "requested_at": "2026-12-06T16:07:26.108961Z", "address": "Rue 12, quartier industriel"}}', 'national:complaints:d62bca27-ba3c-50d8-b512-e878770bae41', 'pending', 0, '2026-12-06 16:07:26.11357+00', NULL, '2026-12-06 16:07:26.113573+00', NULL, 'bamako-commune-3:complaint:5893a16d-ea86-45af-b2dc-7e5d8cb0a507');
INSERT INTO public.outbox VALUES (39, '96e5a822-8c2a-40cc-a4f2-cba082cf98e1', 3, 'national:complaints', '{"event_id": "43c0c842-2bd5-5e8b-8386-2db8498e722c", "event_type": "complaint.status_changed", "occurred_at": "2026-12-06T16:07:26.114595Z", "commune": "bamako-commune-3", "payload_version": "1", "object": {"type": "complaint", "id": "5893a16d-ea86-45af-b2dc-7e5d8cb0a507"}, "payload": {"local_id": "5893a16d-ea86-45af-b2dc-7e5d8cb0a507", "status": "acknowledged", "previous_status": "received", "updated_at": "2026-12-06T16:07:26.114595Z"}}', 'national:complaints:43c0c842-2bd5-5e8b-8386-2db8498e722c', 'pending', 0, '2026-12-06 16:07:26.11724+00', NULL, '2026-12-06 16:07:26.117243+00', NULL, 'bamako-commune-3:complaint:5893a16d-ea86-45af-b2dc-7e5d8cb0a507');
INSERT INTO public.outbox VALUES (40, '525da7bc-bc81-4c41-baec-5473d295465b', 3, 'national:complaints', '{"event_id": "edadab2a-1139-5a6d-83bb-a85c818b6e8c", "event_type": "complaint.status_changed", "occurred_at": "2026-12-06T16:07:26.119156Z", "commune": "bamako-commune-3", "payload_version": "1", "object": {"type": "complaint", "id": "5893a16d-ea86-45af-b2dc-7e5d8cb0a507"}, "payload": {"local_id": "5893a16d-ea86-45af-b2dc-7e5d8cb0a507", "status": "assigned", "previous_status": "acknowledged", "updated_at": "2026-12-06T16:07:26.119156Z"}}', 'national:complaints:edadab2a-1139-5a6d-83bb-a85c818b6e8c', 'pending', 0, '2026-12-06 16:07:26.121804+00', NULL, '2026-12-06 16:07:26.121806+00', NULL, 'bamako-commune-3:complaint:5893a16d-ea86-45af-b2dc-7e5d8cb0a507');
INSERT INTO public.outbox VALUES (41, '70de804e-a277-41bb-be57-8ee100b9f5ce', 3, 'national:complaints', '{"event_id": "59e31244-b1af-588f-bf7a-aa5ee924f2d9", "event_type": "complaint.status_changed", "occurred_at": "2026-12-06T16:07:26.123507Z", "commune": "bamako-commune-3", "payload_version": "1", "object": {"type": "complaint", "id": "5893a16d-ea86-45af-b2dc-7e5d8cb0a507"}, "payload": {"local_id": "5893a16d-ea86-45af-b2dc-7e5d8cb0a507", "status": "in_progress", "previous_status": "assigned", "updated_at": "2026-12-06T16:07:26.123507Z"}}', 'national:complaints:59e31244-b1af-588f-bf7a-aa5ee924f2d9', 'pending', 0, '2026-12-06 16:07:26.126169+00', NULL, '2026-12-06 16:07:26.126171+00', NULL, 'bamako-commune-3:complaint:5893a16d-ea86-45af-b2dc-7e5d8cb0a507');
INSERT INTO public.outbox VALUES (42, 'd750e2fd-b55f-4808-876a-e63ddff19d00', 3, 'national:complaints', '{"event_id": "7ea4d67f-040f-5955-a60c-38a3fe0df64e", "event_type": "complaint.status_changed", "occurred_at": "2026-12-06T16:07:26.128112Z", "commune": "bamako-commune-3", "payload_version": "1", "object": {"type": "complaint", "id": "5893a16d-ea86-45af-b2dc-7e5d8cb0a507"}, "payload": {"local_id": "5893a16d-ea86-45af-b2dc-7e5d8cb0a507", "status": "resolved", "previous_status": "in_progress", "updated_at": "2026-12-06T16:07:26.128112Z"}}', 'national:complaints:7ea4d67f-040f-5955-a60c-38a3fe0df64e', 'pending', 0, '2026-12-06 16:07:26.13098+00', NULL, '2026-12-06 16:07:26.130982+00', NULL, 'bamako-commune-3:complaint:5893a16d-ea86-45af-b2dc-7e5d8cb0a507');
INSERT INTO public.outbox VALUES (1, '4507f49e-e2bf-4e95-873e-05d6df091855', 1, 'national:complaints', '{"event_id": "653b3c1a-371e-5bba-911e-ddf20e25b3e4", "event_type": "complaint.filed", "occurred_at": "2026-12-06T16:07:23.809962Z", "commune": "sale", "payload_version": "1", "object": {"type": "complaint", "id": "413fc710-b2e3-42ad-ae6a-3ce5e5d02182"}, "payload": {"local_id": "413fc710-b2e3-42ad-ae6a-3ce5e5d02182", "service_code": "voirie", "description": "Nid-de-poule profond devant l''\u00e9cole primaire, dangereux pour les v\u00e9los.", "kind": "complaint", "channel": "web", "requested_at": "2026-12-06T16:07:23.807814Z", "address": "Avenue Hassan II, devant l''\u00e9cole"}}', 'national:complaints:653b3c1a-371e-5bba-911e-ddf20e25b3e4', 'pending', 0, '2026-12-06 16:07:23.847645+00', NULL, '2026-12-06 16:07:23.847652+00', NULL, 'complaint:1');


--
-- Data for Name: password_reset_tokens; Type: TABLE DATA; Schema: public; Owner: -
--

INSERT INTO public.password_reset_tokens VALUES (1, 1, 'cccccccccccccccccccccccccccccccccccccccccccccccccccccccccccccccc', '2026-11-30 11:00:00+00', NULL);


--
-- Data for Name: recovery_codes; Type: TABLE DATA; Schema: public; Owner: -
--

INSERT INTO public.recovery_codes VALUES (1, 1, 'dddddddddddddddddddddddddddddddddddddddddddddddddddddddddddddddd', NULL);


--
-- Data for Name: regions; Type: TABLE DATA; Schema: public; Owner: -
--

INSERT INTO public.regions VALUES (1, 'rabat-sale-kenitra', 'الرباط سلا القنيطرة', 'Rabat-Salé-Kénitra', 'MA', 'ddf8e43b-bff0-400d-8b53-64facd90d8ef', '2026-12-06 16:07:22.58855+00', '2026-12-06 16:07:22.588556+00');
INSERT INTO public.regions VALUES (2, 'district-bamako', 'مقاطعة باماكو', 'District de Bamako', 'ML', '907f0a63-a698-4de6-95c8-109df2a8a97b', '2026-12-06 16:07:22.596893+00', '2026-12-06 16:07:22.596898+00');


--
-- Data for Name: sync_attempts; Type: TABLE DATA; Schema: public; Owner: -
--

INSERT INTO public.sync_attempts VALUES (1, 1, 'open311', 'host:1', '2026-11-30 10:00:00+00', 'delivered', 'r-1', 42, NULL, 1);


--
-- Data for Name: sync_connections; Type: TABLE DATA; Schema: public; Owner: -
--

INSERT INTO public.sync_connections VALUES (1, 'complaints', 'http://127.0.0.1:6560/complaints', 'MA/COMMUNE/sale', 'dev-1', 's2.VO-iPb5dA-Y6ttTHMuuevkk9PYgVLXifQnwQQsmlaBhSgmC6ST08O9df730JTQ3LoFqXc-Tr37ozz20=', NULL, NULL, false, '469f97bd-6a6c-4610-93c5-44c7bef26450', '2026-12-06 16:07:24.106165+00', '2026-12-06 16:07:24.106167+00', 1);
INSERT INTO public.sync_connections VALUES (2, 'permits', 'http://127.0.0.1:6560/permits', 'MA/COMMUNE/sale', 'dev-1', 's2.JntjAlM94yzSImsWNxDwC33ryQECQQFDMv3Xv9NDx2JEl5CXisG6iQWipj_P8FyDMPNSLwMMaRQ8LHE=', NULL, NULL, false, '1ca6941e-1b77-4ef2-95cc-c9cb047b26ec', '2026-12-06 16:07:24.112121+00', '2026-12-06 16:07:24.112123+00', 1);
INSERT INTO public.sync_connections VALUES (3, 'civil_status', 'http://127.0.0.1:6560/civil_status', 'MA/COMMUNE/sale', 'dev-1', 's2.pY3o5qKp2n6Tsh-E238X5tjY8zPUZ_VcFjriQE8yosYwRmkKjUxL21JKPzQ58xZdUetyHX4I_GYULTo=', NULL, NULL, false, '04a285bd-a961-4a38-8877-757d99f80925', '2026-12-06 16:07:24.116225+00', '2026-12-06 16:07:24.116228+00', 1);
INSERT INTO public.sync_connections VALUES (4, 'budget', 'http://127.0.0.1:6560/budget', 'MA/COMMUNE/sale', 'dev-1', 's2.DPeYdH00rwUoR2p7A6WtHvdeVSlUxVn_gPsseXs2X38P1T7DAs7zCzmKDo3T-BKlLbebdUsoS9YKyG0=', NULL, NULL, false, '34f8cd01-4f9e-469e-8be5-743e36610e6b', '2026-12-06 16:07:24.120583+00', '2026-12-06 16:07:24.120586+00', 1);
INSERT INTO public.sync_connections VALUES (5, 'spending', 'http://127.0.0.1:6560/spending', 'MA/COMMUNE/sale', 'dev-1', 's2.GL_UOJgJZWyvWo7OoBv-HjrrX0C4odw_8hp8PWE9UC8V-ba2RyrfIbp1EBQMAQT-mBbZSeMKTt0RIBQ=', NULL, NULL, false, 'dee4c165-fb0d-4541-ae10-eeb68c631a3e', '2026-12-06 16:07:24.124114+00', '2026-12-06 16:07:24.124117+00', 1);
INSERT INTO public.sync_connections VALUES (6, 'documents', 'http://127.0.0.1:6560/documents', 'MA/COMMUNE/sale', 'dev-1', 's2.NFf21Rsl6dMjF-gx31PQcj0cD-RsQ4Ky1YjnW73hsb1SR94rem4sjsIhrXPOXm_4yz06wFyj5XwXNkk=', NULL, NULL, false, 'c677ffab-29d1-45f9-98f3-302a6121ef5c', '2026-12-06 16:07:24.127919+00', '2026-12-06 16:07:24.127922+00', 1);
INSERT INTO public.sync_connections VALUES (7, 'complaints', 'http://127.0.0.1:6560/complaints', 'MA/COMMUNE/temara', 'dev-1', 's2.Sgv9E_clM27z5SM1WTSnsrpK6yb1tXS6gZb_NyzE1K85edy7T5NR2FRZtXqD0u7Z0wpDWkxIB270HEQ=', NULL, NULL, false, '0664370a-36e9-496c-a2ed-0b17b18c8490', '2026-12-06 16:07:25.186286+00', '2026-12-06 16:07:25.186289+00', 2);
INSERT INTO public.sync_connections VALUES (8, 'permits', 'http://127.0.0.1:6560/permits', 'MA/COMMUNE/temara', 'dev-1', 's2.QD3eZ7emkyE7i8Gkd4EtGPcEhzrkqv5Bp482mC3NZYlE7DMgsDkwK70YT_QsrC9eVWRpxMk3wKrOVWo=', NULL, NULL, false, '44f066e3-7b55-45d1-99c0-51197b52b297', '2026-12-06 16:07:25.189598+00', '2026-12-06 16:07:25.189601+00', 2);
INSERT INTO public.sync_connections VALUES (9, 'civil_status', 'http://127.0.0.1:6560/civil_status', 'MA/COMMUNE/temara', 'dev-1', 's2.ssY2G1JUeKbZyd1EUMhidTmx83EXgWWHAHeyHoUpo0d41kjiVihcOXxanTeVK2HfHmEZNKp4Mhzdn-w=', NULL, NULL, false, 'a0339e8a-4900-41c3-a697-d38de2cbcf1a', '2026-12-06 16:07:25.192762+00', '2026-12-06 16:07:25.192765+00', 2);
INSERT INTO public.sync_connections VALUES (10, 'budget', 'http://127.0.0.1:6560/budget', 'MA/COMMUNE/temara', 'dev-1', 's2.Lm3fzdq0WaA6EXOz8rO3BDVjJ993R73EfHshH0E3aIpB1voVQaKKPbIKCJbQv-ilICYJcTvW4-ZaAfU=', NULL, NULL, false, '24089a30-216e-4c07-8cc8-fff846612403', '2026-12-06 16:07:25.195985+00', '2026-12-06 16:07:25.195988+00', 2);
INSERT INTO public.sync_connections VALUES (11, 'spending', 'http://127.0.0.1:6560/spending', 'MA/COMMUNE/temara', 'dev-1', 's2.mdqd8CC4AyPBV0LyWeHBBDR4cYK3dSsLPGVgG0WT_RplaxDvP8EIbxjI9s4oYeN3zEpjUZNKzcX3qCo=', NULL, NULL, false, 'c1d6eb4c-5307-4b9b-b3ee-1749e4b86a83', '2026-12-06 16:07:25.199337+00', '2026-12-06 16:07:25.199339+00', 2);
INSERT INTO public.sync_connections VALUES (12, 'documents', 'http://127.0.0.1:6560/documents', 'MA/COMMUNE/temara', 'dev-1', 's2.ovqvj9Yk7qdNhz54nBBWBqTwcakjI8fm3eVAEQc-ejWSdfhXrEwto7bbU8N7qQLXn1Gpgju_EBM7-O4=', NULL, NULL, false, 'c9e0f667-e896-4db7-8903-fa6aa1af520b', '2026-12-06 16:07:25.202481+00', '2026-12-06 16:07:25.202483+00', 2);
INSERT INTO public.sync_connections VALUES (13, 'complaints', 'http://127.0.0.1:6560/complaints', 'MA/COMMUNE/bamako-commune-3', 'dev-1', 's2.civHzSzf4U4zQop-rWEMB1SlonMbB2BAZ9SS3LImRETo-8BHbrDFXK6zQ2Dlcbgc8dXRmhlu5RgHK1E=', NULL, NULL, false, '837d80d3-399d-4c2c-b9c7-29bd6cb0ba41', '2026-12-06 16:07:26.186413+00', '2026-12-06 16:07:26.186415+00', 3);
INSERT INTO public.sync_connections VALUES (14, 'permits', 'http://127.0.0.1:6560/permits', 'MA/COMMUNE/bamako-commune-3', 'dev-1', 's2.j_xk_OqAtM-GGtnDhy95uV_XayIbhed7X2FYMdm7LEkCQKbg0KkhqNqORJAvs9vnCjV7skd-f2bJJxg=', NULL, NULL, false, '20959f02-ce84-42ce-adf1-acea818e7576', '2026-12-06 16:07:26.189838+00', '2026-12-06 16:07:26.189841+00', 3);
INSERT INTO public.sync_connections VALUES (15, 'civil_status', 'http://127.0.0.1:6560/civil_status', 'MA/COMMUNE/bamako-commune-3', 'dev-1', 's2.LTIwk2n6c-KMDqoRm5vpZT_OmeXIUPeyULjX1oZ3OKJSfsTR3QMxUT_3JWnITx_M3kPWwJ01BYuwMoQ=', NULL, NULL, false, 'b1126cda-49d8-4aeb-a12c-cc0d3d18cf1f', '2026-12-06 16:07:26.193115+00', '2026-12-06 16:07:26.193117+00', 3);
INSERT INTO public.sync_connections VALUES (16, 'budget', 'http://127.0.0.1:6560/budget', 'MA/COMMUNE/bamako-commune-3', 'dev-1', 's2.pRNRFmXeLYqyQDgFvgrMhOVMUhcD2uy2g7OG6dlO25fvWRGkJ3LhzcuQ-kAVNuvxUZamixOhVE1lXVQ=', NULL, NULL, false, 'bb8216e8-8a83-4eab-a331-6d42c532ea65', '2026-12-06 16:07:26.196791+00', '2026-12-06 16:07:26.196794+00', 3);
INSERT INTO public.sync_connections VALUES (17, 'spending', 'http://127.0.0.1:6560/spending', 'MA/COMMUNE/bamako-commune-3', 'dev-1', 's2.i2PLZspYB1YQYZzJcHr4CSrvOp1XVocWqaOTmScvCPpW_wKOVQLAKD4eGNLLgApOvZjd95Io89MHc98=', NULL, NULL, false, 'ac9a4fd1-f34c-419e-ac32-6b2fb2d4231a', '2026-12-06 16:07:26.200727+00', '2026-12-06 16:07:26.200729+00', 3);
INSERT INTO public.sync_connections VALUES (18, 'documents', 'http://127.0.0.1:6560/documents', 'MA/COMMUNE/bamako-commune-3', 'dev-1', 's2.6Fo35QKfa_l0iHK1BKcCNggz_Lce7f9NKGkbQ6aWiuu6b3ygpQqNaF2z0gxwcuz12whS9R9Y4km2tHc=', NULL, NULL, false, '3ce3edb3-8b14-4a3f-b315-1e70d0dc2ce1', '2026-12-06 16:07:26.20407+00', '2026-12-06 16:07:26.204073+00', 3);


--
-- Data for Name: sync_lanes; Type: TABLE DATA; Schema: public; Owner: -
--

INSERT INTO public.sync_lanes VALUES (1, 'complaints', 'closed', 0, NULL, NULL, '2026-12-06 16:07:24.109208+00', 0, 0, '[]', NULL, NULL, 1);
INSERT INTO public.sync_lanes VALUES (2, 'permits', 'closed', 0, NULL, NULL, '2026-12-06 16:07:24.113323+00', 0, 0, '[]', NULL, NULL, 1);
INSERT INTO public.sync_lanes VALUES (3, 'civil_status', 'closed', 0, NULL, NULL, '2026-12-06 16:07:24.117485+00', 0, 0, '[]', NULL, NULL, 1);
INSERT INTO public.sync_lanes VALUES (4, 'budget', 'closed', 0, NULL, NULL, '2026-12-06 16:07:24.121684+00', 0, 0, '[]', NULL, NULL, 1);
INSERT INTO public.sync_lanes VALUES (5, 'spending', 'closed', 0, NULL, NULL, '2026-12-06 16:07:24.125158+00', 0, 0, '[]', NULL, NULL, 1);
INSERT INTO public.sync_lanes VALUES (6, 'documents', 'closed', 0, NULL, NULL, '2026-12-06 16:07:24.129263+00', 0, 0, '[]', NULL, NULL, 1);
INSERT INTO public.sync_lanes VALUES (7, 'complaints', 'closed', 0, NULL, NULL, '2026-12-06 16:07:25.187302+00', 0, 0, '[]', NULL, NULL, 2);
INSERT INTO public.sync_lanes VALUES (8, 'permits', 'closed', 0, NULL, NULL, '2026-12-06 16:07:25.190534+00', 0, 0, '[]', NULL, NULL, 2);
INSERT INTO public.sync_lanes VALUES (9, 'civil_status', 'closed', 0, NULL, NULL, '2026-12-06 16:07:25.193732+00', 0, 0, '[]', NULL, NULL, 2);
INSERT INTO public.sync_lanes VALUES (10, 'budget', 'closed', 0, NULL, NULL, '2026-12-06 16:07:25.196902+00', 0, 0, '[]', NULL, NULL, 2);
INSERT INTO public.sync_lanes VALUES (11, 'spending', 'closed', 0, NULL, NULL, '2026-12-06 16:07:25.200324+00', 0, 0, '[]', NULL, NULL, 2);
INSERT INTO public.sync_lanes VALUES (12, 'documents', 'closed', 0, NULL, NULL, '2026-12-06 16:07:25.203334+00', 0, 0, '[]', NULL, NULL, 2);
INSERT INTO public.sync_lanes VALUES (13, 'complaints', 'closed', 0, NULL, NULL, '2026-12-06 16:07:26.187438+00', 0, 0, '[]', NULL, NULL, 3);
INSERT INTO public.sync_lanes VALUES (14, 'permits', 'closed', 0, NULL, NULL, '2026-12-06 16:07:26.190769+00', 0, 0, '[]', NULL, NULL, 3);
INSERT INTO public.sync_lanes VALUES (15, 'civil_status', 'closed', 0, NULL, NULL, '2026-12-06 16:07:26.194058+00', 0, 0, '[]', NULL, NULL, 3);
INSERT INTO public.sync_lanes VALUES (16, 'budget', 'closed', 0, NULL, NULL, '2026-12-06 16:07:26.197967+00', 0, 0, '[]', NULL, NULL, 3);
INSERT INTO public.sync_lanes VALUES (17, 'spending', 'closed', 0, NULL, NULL, '2026-12-06 16:07:26.201692+00', 0, 0, '[]', NULL, NULL, 3);
INSERT INTO public.sync_lanes VALUES (18, 'documents', 'closed', 0, NULL, NULL, '2026-12-06 16:07:26.204996+00', 0, 0, '[]', NULL, NULL, 3);


--
-- Data for Name: users; Type: TABLE DATA; Schema: public; Owner: -
--

INSERT INTO public.users VALUES (1, 'admin@baladiya.example', 'Platform admin', '$argon2id$v=19$m=65536,t=3,p=4$P9iXodCS2H01TYgKcjRRLA$cdWvFZiEeP6lOwgV45yYzmkO5sJ4w5RmSz5MSwf5GRQ', NULL, true, true, NULL, 0, NULL, '2026-12-06 16:07:22.692789+00', 'cb0dbd1c-c3df-40ca-8912-68d8ed29e480', '2026-12-06 16:07:22.692819+00', '2026-12-06 16:07:22.692821+00');
INSERT INTO public.users VALUES (2, 'supervisor@rabat-sale-kenitra.example', 'Supervisor Rabat-Salé-Kénitra', '$argon2id$v=19$m=65536,t=3,p=4$sP8WEPc3pS3IOZQdn/wD/w$s+mF3CjeJFv9HQrLgq9h6WgzQt/7oxhT7ui6ZWdbrCk', NULL, false, true, NULL, 0, NULL, '2026-12-06 16:07:22.794681+00', '9f3100ef-c3d2-4fda-846a-f155a2b6a145', '2026-12-06 16:07:22.794709+00', '2026-12-06 16:07:22.79471+00');
INSERT INTO public.users VALUES (3, 'supervisor@district-bamako.example', 'Supervisor District de Bamako', '$argon2id$v=19$m=65536,t=3,p=4$2DUXF0GxjpSmlMwVFcS7rg$uY4crd3ecKbLnP5ktXBi28hAxNsi1QzJCj44cMOmEE0', NULL, false, true, NULL, 0, NULL, '2026-12-06 16:07:22.916357+00', 'bd910de2-5bfc-44a5-945a-8a81c15aed17', '2026-12-06 16:07:22.916385+00', '2026-12-06 16:07:22.916386+00');
INSERT INTO public.users VALUES (4, 'agent@sale.example', 'Agent (Salé)', '$argon2id$v=19$m=65536,t=3,p=4$f7PqaRTb3yGAesrJfrcEow$ahY1IDwbMw7l9LQy0RvsnYzfAVaR2gyg7G5EIwN3wqo', NULL, false, true, NULL, 0, NULL, '2026-12-06 16:07:23.04235+00', '0be9a09d-741d-4ef2-9394-b73b4b3b2b76', '2026-12-06 16:07:23.042378+00', '2026-12-06 16:07:23.042379+00');
INSERT INTO public.users VALUES (5, 'budget.officer@sale.example', 'Budget Officer (Salé)', '$argon2id$v=19$m=65536,t=3,p=4$QAe7WqLY5twJdggwvV1Q+A$qYNGqRT54DcWAw2VHXOOq5LraEaan/qGHVU3vqBTkFU', NULL, false, true, 'BALADIYADEMOTOTPKEYFORSTAFF23456', 0, NULL, '2026-12-06 16:07:23.159084+00', 'aede562d-09f8-4d7a-be3d-a374e6286c3c', '2026-12-06 16:07:23.159113+00', '2026-12-06 16:07:23.162235+00');
INSERT INTO public.users VALUES (6, 'civil.status.officer@sale.example', 'Civil Status Officer (Salé)', '$argon2id$v=19$m=65536,t=3,p=4$VlzeK78D0s2JV3kPt7r48A$CMZ3eyYfpF9Ffti/KAeNARiJ60/wCLCmSO6ObghtLWk', NULL, false, true, 'BALADIYADEMOTOTPKEYFORSTAFF23456', 0, NULL, '2026-12-06 16:07:23.277901+00', '8bbd68c6-8644-4d14-a201-620db9781c9a', '2026-12-06 16:07:23.277931+00', '2026-12-06 16:07:23.280882+00');
INSERT INTO public.users VALUES (7, 'commission.member@sale.example', 'Commission Member (Salé)', '$argon2id$v=19$m=65536,t=3,p=4$uGUSFx6lSuo84lMM/Hfy5Q$SYawIyOKhg2boXbuRyLLBN8L95rZyI2lW0lb/N98e3k', NULL, false, true, NULL, 0, NULL, '2026-12-06 16:07:23.399694+00', '659dbae6-7c3f-478f-bcf2-14d4cb06de18', '2026-12-06 16:07:23.399727+00', '2026-12-06 16:07:23.399728+00');
INSERT INTO public.users VALUES (8, 'commune.admin@sale.example', 'Commune Admin (Salé)', '$argon2id$v=19$m=65536,t=3,p=4$EsD68POoxfQSuj/kg6xkYQ$Wt7PF17bNzbjkRlcHM8OwLRi8hVLMvxTuFb9bkc319M', NULL, false, true, 'BALADIYADEMOTOTPKEYFORSTAFF23456', 0, NULL, '2026-12-06 16:07:23.516542+00', '217e8c8b-ba2d-4f96-93a5-043cf720820e', '2026-12-06 16:07:23.516572+00', '2026-12-06 16:07:23.519111+00');
INSERT INTO public.users VALUES (9, 'treasurer@sale.example', 'Treasurer (Salé)', '$argon2id$v=19$m=65536,t=3,p=4$orRJZqDK17yQoPOkb0n92g$TDGERXVJ0G9JrEtkwF79uKSV8pFnUE5WifT0uLd/4FY', NULL, false, true, 'BALADIYADEMOTOTPKEYFORSTAFF23456', 0, NULL, '2026-12-06 16:07:23.646352+00', '3fd82fac-4862-4801-9c49-b546807ef3e5', '2026-12-06 16:07:23.646381+00', '2026-12-06 16:07:23.648966+00');
INSERT INTO public.users VALUES (10, 'urban.planner@sale.example', 'Urban Planner (Salé)', '$argon2id$v=19$m=65536,t=3,p=4$hwzcAMVF+zDTACpjeHroPQ$liMhHESJSHj2g9uPAj6xjgwH7H11J+lV24a4JKi76UM', NULL, false, true, NULL, 0, NULL, '2026-12-06 16:07:23.76876+00', '5be642a2-cf2d-4755-a64b-2d28fd14b762', '2026-12-06 16:07:23.768789+00', '2026-12-06 16:07:23.76879+00');
INSERT INTO public.users VALUES (11, 'agent@temara.example', 'Agent (Témara)', '$argon2id$v=19$m=65536,t=3,p=4$wwOfpt/7otqdJ/iw11ofsQ$pLAiXeuT/XNclaNNRgzaeUznr0QfucwHA0ZW34X9k2c', NULL, false, true, NULL, 0, NULL, '2026-12-06 16:07:24.25883+00', '94f21e4e-0ac8-4f82-a5d4-d2a02f565ec9', '2026-12-06 16:07:24.258856+00', '2026-12-06 16:07:24.258857+00');
INSERT INTO public.users VALUES (12, 'budget.officer@temara.example', 'Budget Officer (Témara)', '$argon2id$v=19$m=65536,t=3,p=4$1eLzuyE/cmLy4JrFjX1K1g$rfPzaDMTIgZaHK0igg2Wwr6WvBteahU7K6FO7C8LhI0', NULL, false, true, 'BALADIYADEMOTOTPKEYFORSTAFF23456', 0, NULL, '2026-12-06 16:07:24.395449+00', 'fe9661cc-f0fd-46a0-87f2-5815beefa0ee', '2026-12-06 16:07:24.395478+00', '2026-12-06 16:07:24.398132+00');
INSERT INTO public.users VALUES (13, 'civil.status.officer@temara.example', 'Civil Status Officer (Témara)', '$argon2id$v=19$m=65536,t=3,p=4$gIgiEXHcjCB9RXo1MA9v+A$1StdQZivkr4plkmMeQ6MwhNaBLDo+7heUGeVvSAXSes', NULL, false, true, 'BALADIYADEMOTOTPKEYFORSTAFF23456', 0, NULL, '2026-12-06 16:07:24.515207+00', 'a74c607a-6011-44d4-9fa4-47e0a1645bce', '2026-12-06 16:07:24.515238+00', '2026-12-06 16:07:24.517802+00');
INSERT INTO public.users VALUES (14, 'commission.member@temara.example', 'Commission Member (Témara)', '$argon2id$v=19$m=65536,t=3,p=4$Xnow4n92aXjixJXYBdDsvA$DLQUyB7jlN5q7sBs2a+GTKlex6cszcUw2AQ77PO/ejU', NULL, false, true, NULL, 0, NULL, '2026-12-06 16:07:24.628449+00', 'f2dc0e60-64b8-49e3-b1b0-c5725bfd08aa', '2026-12-06 16:07:24.628476+00', '2026-12-06 16:07:24.628477+00');
INSERT INTO public.users VALUES (15, 'commune.admin@temara.example', 'Commune Admin (Témara)', '$argon2id$v=19$m=65536,t=3,p=4$mmPYdwMyMjmJ2EOiOpr3Sg$DD3L7ikutI4QXeeyKyX9csefQ6a+OAbiDeneAVT3h7A', NULL, false, true, 'BALADIYADEMOTOTPKEYFORSTAFF23456', 0, NULL, '2026-12-06 16:07:24.741032+00', '4327272c-6706-4c82-8fa9-82f256d7ef4b', '2026-12-06 16:07:24.74106+00', '2026-12-06 16:07:24.743524+00');
INSERT INTO public.users VALUES (16, 'treasurer@temara.example', 'Treasurer (Témara)', '$argon2id$v=19$m=65536,t=3,p=4$+4Yq6CSEWqNwcGLBS9JbLg$qYP5Wgi3aQcAFLIKFcrlWUqK4nZ/aNn4LUBhrwITwQ0', NULL, false, true, 'BALADIYADEMOTOTPKEYFORSTAFF23456', 0, NULL, '2026-12-06 16:07:24.846412+00', '48e781c2-6977-4eca-96d2-b7922d63561a', '2026-12-06 16:07:24.846442+00', '2026-12-06 16:07:24.849767+00');
INSERT INTO public.users VALUES (17, 'urban.planner@temara.example', 'Urban Planner (Témara)', '$argon2id$v=19$m=65536,t=3,p=4$F7ipsd2fmlnczog2vXU2Sg$pQvh8zWmfXY/qbm3Zu68IAKX5ryP1pCh+upIRQtjQB4', NULL, false, true, NULL, 0, NULL, '2026-12-06 16:07:24.964849+00', '0c5ad545-a20c-4530-b894-d4379e85d679', '2026-12-06 16:07:24.964877+00', '2026-12-06 16:07:24.964879+00');
INSERT INTO public.users VALUES (18, 'agent@bamako-commune-3.example', 'Agent (Commune III de Bamako)', '$argon2id$v=19$m=65536,t=3,p=4$ul+kNqOMaFbUPUO7uonrfA$TQt9qWSQs8+1MwvxVGAwBobgsr4BfhOLZTJGS3PJJ70', NULL, false, true, NULL, 0, NULL, '2026-12-06 16:07:25.306945+00', '941f5a6e-77e1-4ebb-b355-19f0e03141a4', '2026-12-06 16:07:25.306973+00', '2026-12-06 16:07:25.306974+00');
INSERT INTO public.users VALUES (19, 'budget.officer@bamako-commune-3.example', 'Budget Officer (Commune III de Bamako)', '$argon2id$v=19$m=65536,t=3,p=4$EObcvqPLyVLTfDPQmPlACA$Ewa7D48qF2Zq1EtnrWHqtYKaHIvTsumILsBlBzXYxK4', NULL, false, true, 'BALADIYADEMOTOTPKEYFORSTAFF23456', 0, NULL, '2026-12-06 16:07:25.418368+00', '5ccb58d2-d4be-4d55-8d88-f7b4005606d1', '2026-12-06 16:07:25.418396+00', '2026-12-06 16:07:25.421049+00');
INSERT INTO public.users VALUES (20, 'civil.status.officer@bamako-commune-3.example', 'Civil Status Officer (Commune III de Bamako)', '$argon2id$v=19$m=65536,t=3,p=4$48F8ibvp4a+ogi1cUCwtZg$djnbJD+BwM4jxQ0Qa+QKsF2S7K5eN4mToB6kN8Zur0E', NULL, false, true, 'BALADIYADEMOTOTPKEYFORSTAFF23456', 0, NULL, '2026-12-06 16:07:25.529653+00', '92554703-ce81-4198-9e56-22ab222d76a3', '2026-12-06 16:07:25.529681+00', '2026-12-06 16:07:25.532301+00');
INSERT INTO public.users VALUES (21, 'commission.member@bamako-commune-3.example', 'Commission Member (Commune III de Bamako)', '$argon2id$v=19$m=65536,t=3,p=4$ytbXj+bOWkXNPsmB6/dmUA$Ni9K0Kqcj9KSdUU3VftkaBtLsRhwrfh2VMWL34JjJTc', NULL, false, true, NULL, 0, NULL, '2026-12-06 16:07:25.638024+00', '80aecdf8-86df-4143-84d4-86e780984c92', '2026-12-06 16:07:25.638053+00', '2026-12-06 16:07:25.638054+00');
INSERT INTO public.users VALUES (22, 'commune.admin@bamako-commune-3.example', 'Commune Admin (Commune III de Bamako)', '$argon2id$v=19$m=65536,t=3,p=4$DrjYdJf9cwLiHSfM+9E7YQ$iCjEFtSYdS8vh3nL7eComVqkNaE4nQiwHkdCYsiMYkc', NULL, false, true, 'BALADIYADEMOTOTPKEYFORSTAFF23456', 0, NULL, '2026-12-06 16:07:25.745039+00', 'c6d5b24a-c167-4230-be75-28d2e54d5515', '2026-12-06 16:07:25.745067+00', '2026-12-06 16:07:25.748196+00');
INSERT INTO public.users VALUES (23, 'treasurer@bamako-commune-3.example', 'Treasurer (Commune III de Bamako)', '$argon2id$v=19$m=65536,t=3,p=4$cCfvVkpY/zsZOvrBDB7B5A$YXigjjheLU4jsFBIdz08oC5WMKvaIniDq8FiOzvh3go', NULL, false, true, 'BALADIYADEMOTOTPKEYFORSTAFF23456', 0, NULL, '2026-12-06 16:07:25.864956+00', 'a360f448-7bcc-4e1d-b037-534fce85dabd', '2026-12-06 16:07:25.864991+00', '2026-12-06 16:07:25.869526+00');
INSERT INTO public.users VALUES (24, 'urban.planner@bamako-commune-3.example', 'Urban Planner (Commune III de Bamako)', '$argon2id$v=19$m=65536,t=3,p=4$G9xNLkbUWWl9u3RFjK/nng$W+eUWRQJXI0szcoD+NHjSLAMrNnndttUbuyrynFn0O4', NULL, false, true, NULL, 0, NULL, '2026-12-06 16:07:25.980584+00', 'c2349a9f-ab42-4eae-a22a-8a8d794b3dac', '2026-12-06 16:07:25.980612+00', '2026-12-06 16:07:25.980613+00');
INSERT INTO public.users VALUES (25, 'amina.benali@example.org', 'Amina Benali', '$argon2id$v=19$m=65536,t=3,p=4$VjDbeJOFobq0bWk9uCdUKg$A0AixOVpX7XDqlJSCdhk0NPdt/lpwaLBCiHqDg+680g', 'ar', false, true, NULL, 0, NULL, '2026-12-06 16:07:26.306556+00', 'bd3efec5-6485-404a-b94d-d37d444bb17c', '2026-12-06 16:07:26.306585+00', '2026-12-06 16:07:26.306586+00');
INSERT INTO public.users VALUES (26, 'moussa.traore@example.org', 'Moussa Traoré', '$argon2id$v=19$m=65536,t=3,p=4$XUmsGsBjMb+pNkL32aMs6A$DHUjyPnXEu3cizHRk9UDAh2c+GyvRhcnq84v0UEBRHM', 'fr', false, true, NULL, 0, NULL, '2026-12-06 16:07:26.423819+00', 'a1b7ff1f-fbab-4790-a7ce-d38bb85454a9', '2026-12-06 16:07:26.423848+00', '2026-12-06 16:07:26.423849+00');


--
-- Name: api_tokens_id_seq; Type: SEQUENCE SET; Schema: public; Owner: -
--

SELECT pg_catalog.setval('public.api_tokens_id_seq', 1, true);


--
-- Name: audit_events_id_seq; Type: SEQUENCE SET; Schema: public; Owner: -
--

SELECT pg_catalog.setval('public.audit_events_id_seq', 169, true);


--
-- Name: commune_modules_id_seq; Type: SEQUENCE SET; Schema: public; Owner: -
--

SELECT pg_catalog.setval('public.commune_modules_id_seq', 15, true);


--
-- Name: communes_id_seq; Type: SEQUENCE SET; Schema: public; Owner: -
--

SELECT pg_catalog.setval('public.communes_id_seq', 3, true);


--
-- Name: complaint_categories_id_seq; Type: SEQUENCE SET; Schema: public; Owner: -
--

SELECT pg_catalog.setval('public.complaint_categories_id_seq', 12, true);


--
-- Name: complaint_events_id_seq; Type: SEQUENCE SET; Schema: public; Owner: -
--

SELECT pg_catalog.setval('public.complaint_events_id_seq', 1, true);


--
-- Name: complaint_photos_id_seq; Type: SEQUENCE SET; Schema: public; Owner: -
--

SELECT pg_catalog.setval('public.complaint_photos_id_seq', 9, true);


--
-- Name: complaints_id_seq; Type: SEQUENCE SET; Schema: public; Owner: -
--

SELECT pg_catalog.setval('public.complaints_id_seq', 12, true);


--
-- Name: consolidation_campaigns_id_seq; Type: SEQUENCE SET; Schema: public; Owner: -
--

SELECT pg_catalog.setval('public.consolidation_campaigns_id_seq', 2, true);


--
-- Name: consolidation_returns_id_seq; Type: SEQUENCE SET; Schema: public; Owner: -
--

SELECT pg_catalog.setval('public.consolidation_returns_id_seq', 3, true);


--
-- Name: consolidation_set_versions_id_seq; Type: SEQUENCE SET; Schema: public; Owner: -
--

SELECT pg_catalog.setval('public.consolidation_set_versions_id_seq', 2, true);


--
-- Name: consolidation_sets_id_seq; Type: SEQUENCE SET; Schema: public; Owner: -
--

SELECT pg_catalog.setval('public.consolidation_sets_id_seq', 2, true);


--
-- Name: gis_buildability_runs_id_seq; Type: SEQUENCE SET; Schema: public; Owner: -
--

SELECT pg_catalog.setval('public.gis_buildability_runs_id_seq', 1, true);


--
-- Name: gis_commune_boundaries_id_seq; Type: SEQUENCE SET; Schema: public; Owner: -
--

SELECT pg_catalog.setval('public.gis_commune_boundaries_id_seq', 3, true);


--
-- Name: gis_import_runs_id_seq; Type: SEQUENCE SET; Schema: public; Owner: -
--

SELECT pg_catalog.setval('public.gis_import_runs_id_seq', 1, true);


--
-- Name: gis_parcel_buildability_id_seq; Type: SEQUENCE SET; Schema: public; Owner: -
--

SELECT pg_catalog.setval('public.gis_parcel_buildability_id_seq', 1, true);


--
-- Name: gis_parcels_id_seq; Type: SEQUENCE SET; Schema: public; Owner: -
--

SELECT pg_catalog.setval('public.gis_parcels_id_seq', 288, true);


--
-- Name: gis_servitude_layers_id_seq; Type: SEQUENCE SET; Schema: public; Owner: -
--

SELECT pg_catalog.setval('public.gis_servitude_layers_id_seq', 6, true);


--
-- Name: gis_servitudes_id_seq; Type: SEQUENCE SET; Schema: public; Owner: -
--

SELECT pg_catalog.setval('public.gis_servitudes_id_seq', 6, true);


--
-- Name: gis_zone_rules_id_seq; Type: SEQUENCE SET; Schema: public; Owner: -
--

SELECT pg_catalog.setval('public.gis_zone_rules_id_seq', 12, true);


--
-- Name: gis_zones_id_seq; Type: SEQUENCE SET; Schema: public; Owner: -
--

SELECT pg_catalog.setval('public.gis_zones_id_seq', 24, true);


--
-- Name: gis_zoning_plans_id_seq; Type: SEQUENCE SET; Schema: public; Owner: -
--

SELECT pg_catalog.setval('public.gis_zoning_plans_id_seq', 3, true);


--
-- Name: idempotency_records_id_seq; Type: SEQUENCE SET; Schema: public; Owner: -
--

SELECT pg_catalog.setval('public.idempotency_records_id_seq', 1, true);


--
-- Name: job_runs_id_seq; Type: SEQUENCE SET; Schema: public; Owner: -
--

SELECT pg_catalog.setval('public.job_runs_id_seq', 1, true);


--
-- Name: memberships_id_seq; Type: SEQUENCE SET; Schema: public; Owner: -
--

SELECT pg_catalog.setval('public.memberships_id_seq', 25, true);


--
-- Name: notices_id_seq; Type: SEQUENCE SET; Schema: public; Owner: -
--

SELECT pg_catalog.setval('public.notices_id_seq', 13, true);


--
-- Name: outbox_id_seq; Type: SEQUENCE SET; Schema: public; Owner: -
--

SELECT pg_catalog.setval('public.outbox_id_seq', 42, true);


--
-- Name: password_reset_tokens_id_seq; Type: SEQUENCE SET; Schema: public; Owner: -
--

SELECT pg_catalog.setval('public.password_reset_tokens_id_seq', 1, true);


--
-- Name: recovery_codes_id_seq; Type: SEQUENCE SET; Schema: public; Owner: -
--

SELECT pg_catalog.setval('public.recovery_codes_id_seq', 1, true);


--
-- Name: regions_id_seq; Type: SEQUENCE SET; Schema: public; Owner: -
--

SELECT pg_catalog.setval('public.regions_id_seq', 2, true);


--
-- Name: sync_attempts_id_seq; Type: SEQUENCE SET; Schema: public; Owner: -
--

SELECT pg_catalog.setval('public.sync_attempts_id_seq', 1, true);


--
-- Name: sync_connections_id_seq; Type: SEQUENCE SET; Schema: public; Owner: -
--

SELECT pg_catalog.setval('public.sync_connections_id_seq', 18, true);


--
-- Name: sync_lanes_id_seq; Type: SEQUENCE SET; Schema: public; Owner: -
--

SELECT pg_catalog.setval('public.sync_lanes_id_seq', 18, true);


--
-- Name: users_id_seq; Type: SEQUENCE SET; Schema: public; Owner: -
--

SELECT pg_catalog.setval('public.users_id_seq', 26, true);


--
-- Name: alembic_version alembic_version_pkc; Type: CONSTRAINT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.alembic_version
    ADD CONSTRAINT alembic_version_pkc PRIMARY KEY (version_num);


--
-- Name: api_tokens pk_api_tokens; Type: CONSTRAINT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.api_tokens
    ADD CONSTRAINT pk_api_tokens PRIMARY KEY (id);


--
-- Name: audit_events pk_audit_events; Type: CONSTRAINT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.audit_events
    ADD CONSTRAINT pk_audit_events PRIMARY KEY (id);


--
-- Name: audit_heads pk_audit_heads; Type: CONSTRAINT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.audit_heads
    ADD CONSTRAINT pk_audit_heads PRIMARY KEY (chain);


--
-- Name: commune_modules pk_commune_modules; Type: CONSTRAINT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.commune_modules
    ADD CONSTRAINT pk_commune_modules PRIMARY KEY (id);


--
-- Name: communes pk_communes; Type: CONSTRAINT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.communes
    ADD CONSTRAINT pk_communes PRIMARY KEY (id);


--
-- Name: complaint_categories pk_complaint_categories; Type: CONSTRAINT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.complaint_categories
    ADD CONSTRAINT pk_complaint_categories PRIMARY KEY (id);


--
-- Name: complaint_events pk_complaint_events; Type: CONSTRAINT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.complaint_events
    ADD CONSTRAINT pk_complaint_events PRIMARY KEY (id);


--
-- Name: complaint_photos pk_complaint_photos; Type: CONSTRAINT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.complaint_photos
    ADD CONSTRAINT pk_complaint_photos PRIMARY KEY (id);


--
-- Name: complaints pk_complaints; Type: CONSTRAINT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.complaints
    ADD CONSTRAINT pk_complaints PRIMARY KEY (id);


--
-- Name: consolidation_campaigns pk_consolidation_campaigns; Type: CONSTRAINT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.consolidation_campaigns
    ADD CONSTRAINT pk_consolidation_campaigns PRIMARY KEY (id);


--
-- Name: consolidation_returns pk_consolidation_returns; Type: CONSTRAINT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.consolidation_returns
    ADD CONSTRAINT pk_consolidation_returns PRIMARY KEY (id);


--
-- Name: consolidation_set_versions pk_consolidation_set_versions; Type: CONSTRAINT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.consolidation_set_versions
    ADD CONSTRAINT pk_consolidation_set_versions PRIMARY KEY (id);


--
-- Name: consolidation_sets pk_consolidation_sets; Type: CONSTRAINT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.consolidation_sets
    ADD CONSTRAINT pk_consolidation_sets PRIMARY KEY (id);


--
-- Name: gis_buildability_runs pk_gis_buildability_runs; Type: CONSTRAINT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.gis_buildability_runs
    ADD CONSTRAINT pk_gis_buildability_runs PRIMARY KEY (id);


--
-- Name: gis_commune_boundaries pk_gis_commune_boundaries; Type: CONSTRAINT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.gis_commune_boundaries
    ADD CONSTRAINT pk_gis_commune_boundaries PRIMARY KEY (id);


--
-- Name: gis_import_runs pk_gis_import_runs; Type: CONSTRAINT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.gis_import_runs
    ADD CONSTRAINT pk_gis_import_runs PRIMARY KEY (id);


--
-- Name: gis_parcel_buildability pk_gis_parcel_buildability; Type: CONSTRAINT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.gis_parcel_buildability
    ADD CONSTRAINT pk_gis_parcel_buildability PRIMARY KEY (id);


--
-- Name: gis_parcels pk_gis_parcels; Type: CONSTRAINT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.gis_parcels
    ADD CONSTRAINT pk_gis_parcels PRIMARY KEY (id);


--
-- Name: gis_servitude_layers pk_gis_servitude_layers; Type: CONSTRAINT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.gis_servitude_layers
    ADD CONSTRAINT pk_gis_servitude_layers PRIMARY KEY (id);


--
-- Name: gis_servitudes pk_gis_servitudes; Type: CONSTRAINT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.gis_servitudes
    ADD CONSTRAINT pk_gis_servitudes PRIMARY KEY (id);


--
-- Name: gis_zone_rules pk_gis_zone_rules; Type: CONSTRAINT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.gis_zone_rules
    ADD CONSTRAINT pk_gis_zone_rules PRIMARY KEY (id);


--
-- Name: gis_zones pk_gis_zones; Type: CONSTRAINT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.gis_zones
    ADD CONSTRAINT pk_gis_zones PRIMARY KEY (id);


--
-- Name: gis_zoning_plans pk_gis_zoning_plans; Type: CONSTRAINT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.gis_zoning_plans
    ADD CONSTRAINT pk_gis_zoning_plans PRIMARY KEY (id);


--
-- Name: idempotency_records pk_idempotency_records; Type: CONSTRAINT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.idempotency_records
    ADD CONSTRAINT pk_idempotency_records PRIMARY KEY (id);


--
-- Name: job_runs pk_job_runs; Type: CONSTRAINT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.job_runs
    ADD CONSTRAINT pk_job_runs PRIMARY KEY (id);


--
-- Name: memberships pk_memberships; Type: CONSTRAINT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.memberships
    ADD CONSTRAINT pk_memberships PRIMARY KEY (id);


--
-- Name: notices pk_notices; Type: CONSTRAINT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.notices
    ADD CONSTRAINT pk_notices PRIMARY KEY (id);


--
-- Name: outbox pk_outbox; Type: CONSTRAINT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.outbox
    ADD CONSTRAINT pk_outbox PRIMARY KEY (id);


--
-- Name: password_reset_tokens pk_password_reset_tokens; Type: CONSTRAINT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.password_reset_tokens
    ADD CONSTRAINT pk_password_reset_tokens PRIMARY KEY (id);


--
-- Name: recovery_codes pk_recovery_codes; Type: CONSTRAINT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.recovery_codes
    ADD CONSTRAINT pk_recovery_codes PRIMARY KEY (id);


--
-- Name: regions pk_regions; Type: CONSTRAINT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.regions
    ADD CONSTRAINT pk_regions PRIMARY KEY (id);


--
-- Name: sync_attempts pk_sync_attempts; Type: CONSTRAINT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.sync_attempts
    ADD CONSTRAINT pk_sync_attempts PRIMARY KEY (id);


--
-- Name: sync_connections pk_sync_connections; Type: CONSTRAINT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.sync_connections
    ADD CONSTRAINT pk_sync_connections PRIMARY KEY (id);


--
-- Name: sync_lanes pk_sync_lanes; Type: CONSTRAINT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.sync_lanes
    ADD CONSTRAINT pk_sync_lanes PRIMARY KEY (id);


--
-- Name: users pk_users; Type: CONSTRAINT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.users
    ADD CONSTRAINT pk_users PRIMARY KEY (id);


--
-- Name: api_tokens uq_api_tokens_public_id; Type: CONSTRAINT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.api_tokens
    ADD CONSTRAINT uq_api_tokens_public_id UNIQUE (public_id);


--
-- Name: api_tokens uq_api_tokens_token_hash; Type: CONSTRAINT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.api_tokens
    ADD CONSTRAINT uq_api_tokens_token_hash UNIQUE (token_hash);


--
-- Name: audit_events uq_audit_events_chain; Type: CONSTRAINT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.audit_events
    ADD CONSTRAINT uq_audit_events_chain UNIQUE (chain, seq);


--
-- Name: commune_modules uq_commune_modules_commune_id; Type: CONSTRAINT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.commune_modules
    ADD CONSTRAINT uq_commune_modules_commune_id UNIQUE (commune_id, module);


--
-- Name: communes uq_communes_public_id; Type: CONSTRAINT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.communes
    ADD CONSTRAINT uq_communes_public_id UNIQUE (public_id);


--
-- Name: communes uq_communes_slug; Type: CONSTRAINT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.communes
    ADD CONSTRAINT uq_communes_slug UNIQUE (slug);


--
-- Name: complaint_categories uq_complaint_categories_commune_id; Type: CONSTRAINT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.complaint_categories
    ADD CONSTRAINT uq_complaint_categories_commune_id UNIQUE (commune_id, code);


--
-- Name: complaint_categories uq_complaint_categories_public_id; Type: CONSTRAINT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.complaint_categories
    ADD CONSTRAINT uq_complaint_categories_public_id UNIQUE (public_id);


--
-- Name: complaint_photos uq_complaint_photos_public_id; Type: CONSTRAINT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.complaint_photos
    ADD CONSTRAINT uq_complaint_photos_public_id UNIQUE (public_id);


--
-- Name: complaints uq_complaints_public_id; Type: CONSTRAINT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.complaints
    ADD CONSTRAINT uq_complaints_public_id UNIQUE (public_id);


--
-- Name: complaints uq_complaints_tracking_code; Type: CONSTRAINT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.complaints
    ADD CONSTRAINT uq_complaints_tracking_code UNIQUE (tracking_code);


--
-- Name: consolidation_campaigns uq_consolidation_campaigns_public_id; Type: CONSTRAINT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.consolidation_campaigns
    ADD CONSTRAINT uq_consolidation_campaigns_public_id UNIQUE (public_id);


--
-- Name: consolidation_campaigns uq_consolidation_campaigns_region_id; Type: CONSTRAINT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.consolidation_campaigns
    ADD CONSTRAINT uq_consolidation_campaigns_region_id UNIQUE (region_id, set_id, period);


--
-- Name: consolidation_returns uq_consolidation_returns_commune_id; Type: CONSTRAINT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.consolidation_returns
    ADD CONSTRAINT uq_consolidation_returns_commune_id UNIQUE (commune_id, campaign_id, version);


--
-- Name: consolidation_returns uq_consolidation_returns_public_id; Type: CONSTRAINT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.consolidation_returns
    ADD CONSTRAINT uq_consolidation_returns_public_id UNIQUE (public_id);


--
-- Name: consolidation_set_versions uq_consolidation_set_versions_public_id; Type: CONSTRAINT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.consolidation_set_versions
    ADD CONSTRAINT uq_consolidation_set_versions_public_id UNIQUE (public_id);


--
-- Name: consolidation_set_versions uq_consolidation_set_versions_set_id; Type: CONSTRAINT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.consolidation_set_versions
    ADD CONSTRAINT uq_consolidation_set_versions_set_id UNIQUE (set_id, number);


--
-- Name: consolidation_sets uq_consolidation_sets_public_id; Type: CONSTRAINT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.consolidation_sets
    ADD CONSTRAINT uq_consolidation_sets_public_id UNIQUE (public_id);


--
-- Name: consolidation_sets uq_consolidation_sets_region_id; Type: CONSTRAINT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.consolidation_sets
    ADD CONSTRAINT uq_consolidation_sets_region_id UNIQUE (region_id, code);


--
-- Name: gis_buildability_runs uq_gis_buildability_runs_public_id; Type: CONSTRAINT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.gis_buildability_runs
    ADD CONSTRAINT uq_gis_buildability_runs_public_id UNIQUE (public_id);


--
-- Name: gis_commune_boundaries uq_gis_commune_boundaries_commune_id; Type: CONSTRAINT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.gis_commune_boundaries
    ADD CONSTRAINT uq_gis_commune_boundaries_commune_id UNIQUE (commune_id);


--
-- Name: gis_import_runs uq_gis_import_runs_public_id; Type: CONSTRAINT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.gis_import_runs
    ADD CONSTRAINT uq_gis_import_runs_public_id UNIQUE (public_id);


--
-- Name: gis_parcel_buildability uq_gis_parcel_buildability_public_id; Type: CONSTRAINT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.gis_parcel_buildability
    ADD CONSTRAINT uq_gis_parcel_buildability_public_id UNIQUE (public_id);


--
-- Name: gis_parcels uq_gis_parcels_commune_id; Type: CONSTRAINT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.gis_parcels
    ADD CONSTRAINT uq_gis_parcels_commune_id UNIQUE (commune_id, reference);


--
-- Name: gis_parcels uq_gis_parcels_public_id; Type: CONSTRAINT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.gis_parcels
    ADD CONSTRAINT uq_gis_parcels_public_id UNIQUE (public_id);


--
-- Name: gis_servitude_layers uq_gis_servitude_layers_commune_id; Type: CONSTRAINT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.gis_servitude_layers
    ADD CONSTRAINT uq_gis_servitude_layers_commune_id UNIQUE (commune_id, name);


--
-- Name: gis_servitude_layers uq_gis_servitude_layers_public_id; Type: CONSTRAINT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.gis_servitude_layers
    ADD CONSTRAINT uq_gis_servitude_layers_public_id UNIQUE (public_id);


--
-- Name: gis_servitudes uq_gis_servitudes_public_id; Type: CONSTRAINT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.gis_servitudes
    ADD CONSTRAINT uq_gis_servitudes_public_id UNIQUE (public_id);


--
-- Name: gis_zone_rules uq_gis_zone_rules_commune_id; Type: CONSTRAINT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.gis_zone_rules
    ADD CONSTRAINT uq_gis_zone_rules_commune_id UNIQUE (commune_id, plan_id, zone_code);


--
-- Name: gis_zone_rules uq_gis_zone_rules_public_id; Type: CONSTRAINT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.gis_zone_rules
    ADD CONSTRAINT uq_gis_zone_rules_public_id UNIQUE (public_id);


--
-- Name: gis_zones uq_gis_zones_public_id; Type: CONSTRAINT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.gis_zones
    ADD CONSTRAINT uq_gis_zones_public_id UNIQUE (public_id);


--
-- Name: gis_zoning_plans uq_gis_zoning_plans_commune_id; Type: CONSTRAINT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.gis_zoning_plans
    ADD CONSTRAINT uq_gis_zoning_plans_commune_id UNIQUE (commune_id, reference);


--
-- Name: gis_zoning_plans uq_gis_zoning_plans_public_id; Type: CONSTRAINT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.gis_zoning_plans
    ADD CONSTRAINT uq_gis_zoning_plans_public_id UNIQUE (public_id);


--
-- Name: idempotency_records uq_idempotency_records_client; Type: CONSTRAINT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.idempotency_records
    ADD CONSTRAINT uq_idempotency_records_client UNIQUE (client, key);


--
-- Name: job_runs uq_job_runs_job; Type: CONSTRAINT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.job_runs
    ADD CONSTRAINT uq_job_runs_job UNIQUE (job, tick);


--
-- Name: memberships uq_memberships_user_id; Type: CONSTRAINT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.memberships
    ADD CONSTRAINT uq_memberships_user_id UNIQUE (user_id, role, commune_id, region_id);


--
-- Name: notices uq_notices_public_id; Type: CONSTRAINT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.notices
    ADD CONSTRAINT uq_notices_public_id UNIQUE (public_id);


--
-- Name: outbox uq_outbox_idempotency_key; Type: CONSTRAINT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.outbox
    ADD CONSTRAINT uq_outbox_idempotency_key UNIQUE (idempotency_key);


--
-- Name: outbox uq_outbox_public_id; Type: CONSTRAINT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.outbox
    ADD CONSTRAINT uq_outbox_public_id UNIQUE (public_id);


--
-- Name: password_reset_tokens uq_password_reset_tokens_token_hash; Type: CONSTRAINT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.password_reset_tokens
    ADD CONSTRAINT uq_password_reset_tokens_token_hash UNIQUE (token_hash);


--
-- Name: regions uq_regions_public_id; Type: CONSTRAINT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.regions
    ADD CONSTRAINT uq_regions_public_id UNIQUE (public_id);


--
-- Name: regions uq_regions_slug; Type: CONSTRAINT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.regions
    ADD CONSTRAINT uq_regions_slug UNIQUE (slug);


--
-- Name: sync_connections uq_sync_connections_commune_id; Type: CONSTRAINT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.sync_connections
    ADD CONSTRAINT uq_sync_connections_commune_id UNIQUE (commune_id, platform);


--
-- Name: sync_connections uq_sync_connections_public_id; Type: CONSTRAINT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.sync_connections
    ADD CONSTRAINT uq_sync_connections_public_id UNIQUE (public_id);


--
-- Name: sync_lanes uq_sync_lanes_commune_id; Type: CONSTRAINT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.sync_lanes
    ADD CONSTRAINT uq_sync_lanes_commune_id UNIQUE (commune_id, platform);


--
-- Name: users uq_users_email; Type: CONSTRAINT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.users
    ADD CONSTRAINT uq_users_email UNIQUE (email);


--
-- Name: users uq_users_public_id; Type: CONSTRAINT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.users
    ADD CONSTRAINT uq_users_public_id UNIQUE (public_id);


--
-- Name: ix_api_tokens_commune_id; Type: INDEX; Schema: public; Owner: -
--

CREATE INDEX ix_api_tokens_commune_id ON public.api_tokens USING btree (commune_id);


--
-- Name: ix_api_tokens_prefix; Type: INDEX; Schema: public; Owner: -
--

CREATE INDEX ix_api_tokens_prefix ON public.api_tokens USING btree (prefix);


--
-- Name: ix_audit_events_commune_id; Type: INDEX; Schema: public; Owner: -
--

CREATE INDEX ix_audit_events_commune_id ON public.audit_events USING btree (commune_id);


--
-- Name: ix_audit_events_object; Type: INDEX; Schema: public; Owner: -
--

CREATE INDEX ix_audit_events_object ON public.audit_events USING btree (commune_id, object_type, object_id);


--
-- Name: ix_commune_modules_commune_id; Type: INDEX; Schema: public; Owner: -
--

CREATE INDEX ix_commune_modules_commune_id ON public.commune_modules USING btree (commune_id);


--
-- Name: ix_communes_region_id; Type: INDEX; Schema: public; Owner: -
--

CREATE INDEX ix_communes_region_id ON public.communes USING btree (region_id);


--
-- Name: ix_complaint_categories_commune_id; Type: INDEX; Schema: public; Owner: -
--

CREATE INDEX ix_complaint_categories_commune_id ON public.complaint_categories USING btree (commune_id);


--
-- Name: ix_complaint_events_commune_id; Type: INDEX; Schema: public; Owner: -
--

CREATE INDEX ix_complaint_events_commune_id ON public.complaint_events USING btree (commune_id);


--
-- Name: ix_complaint_events_complaint_id; Type: INDEX; Schema: public; Owner: -
--

CREATE INDEX ix_complaint_events_complaint_id ON public.complaint_events USING btree (complaint_id);


--
-- Name: ix_complaint_photos_commune_id; Type: INDEX; Schema: public; Owner: -
--

CREATE INDEX ix_complaint_photos_commune_id ON public.complaint_photos USING btree (commune_id);


--
-- Name: ix_complaint_photos_complaint_id; Type: INDEX; Schema: public; Owner: -
--

CREATE INDEX ix_complaint_photos_complaint_id ON public.complaint_photos USING btree (complaint_id);


--
-- Name: ix_complaints_commune_category; Type: INDEX; Schema: public; Owner: -
--

CREATE INDEX ix_complaints_commune_category ON public.complaints USING btree (commune_id, category_id);


--
-- Name: ix_complaints_commune_id; Type: INDEX; Schema: public; Owner: -
--

CREATE INDEX ix_complaints_commune_id ON public.complaints USING btree (commune_id);


--
-- Name: ix_complaints_commune_reporter_user; Type: INDEX; Schema: public; Owner: -
--

CREATE INDEX ix_complaints_commune_reporter_user ON public.complaints USING btree (commune_id, reporter_user_id);


--
-- Name: ix_complaints_commune_state; Type: INDEX; Schema: public; Owner: -
--

CREATE INDEX ix_complaints_commune_state ON public.complaints USING btree (commune_id, state, created_at);


--
-- Name: ix_complaints_merged_into_id; Type: INDEX; Schema: public; Owner: -
--

CREATE INDEX ix_complaints_merged_into_id ON public.complaints USING btree (merged_into_id);


--
-- Name: ix_consolidation_campaigns_region_id; Type: INDEX; Schema: public; Owner: -
--

CREATE INDEX ix_consolidation_campaigns_region_id ON public.consolidation_campaigns USING btree (region_id);


--
-- Name: ix_consolidation_campaigns_set_id; Type: INDEX; Schema: public; Owner: -
--

CREATE INDEX ix_consolidation_campaigns_set_id ON public.consolidation_campaigns USING btree (set_id);


--
-- Name: ix_consolidation_returns_campaign_id; Type: INDEX; Schema: public; Owner: -
--

CREATE INDEX ix_consolidation_returns_campaign_id ON public.consolidation_returns USING btree (campaign_id);


--
-- Name: ix_consolidation_returns_commune_id; Type: INDEX; Schema: public; Owner: -
--

CREATE INDEX ix_consolidation_returns_commune_id ON public.consolidation_returns USING btree (commune_id);


--
-- Name: ix_consolidation_set_versions_set_id; Type: INDEX; Schema: public; Owner: -
--

CREATE INDEX ix_consolidation_set_versions_set_id ON public.consolidation_set_versions USING btree (set_id);


--
-- Name: ix_consolidation_sets_region_id; Type: INDEX; Schema: public; Owner: -
--

CREATE INDEX ix_consolidation_sets_region_id ON public.consolidation_sets USING btree (region_id);


--
-- Name: ix_gis_buildability_runs_commune_created; Type: INDEX; Schema: public; Owner: -
--

CREATE INDEX ix_gis_buildability_runs_commune_created ON public.gis_buildability_runs USING btree (commune_id, created_at);


--
-- Name: ix_gis_buildability_runs_commune_id; Type: INDEX; Schema: public; Owner: -
--

CREATE INDEX ix_gis_buildability_runs_commune_id ON public.gis_buildability_runs USING btree (commune_id);


--
-- Name: ix_gis_commune_boundaries_commune_id; Type: INDEX; Schema: public; Owner: -
--

CREATE INDEX ix_gis_commune_boundaries_commune_id ON public.gis_commune_boundaries USING btree (commune_id);


--
-- Name: ix_gis_import_runs_commune_created; Type: INDEX; Schema: public; Owner: -
--

CREATE INDEX ix_gis_import_runs_commune_created ON public.gis_import_runs USING btree (commune_id, created_at);


--
-- Name: ix_gis_import_runs_commune_id; Type: INDEX; Schema: public; Owner: -
--

CREATE INDEX ix_gis_import_runs_commune_id ON public.gis_import_runs USING btree (commune_id);


--
-- Name: ix_gis_parcel_buildability_commune_id; Type: INDEX; Schema: public; Owner: -
--

CREATE INDEX ix_gis_parcel_buildability_commune_id ON public.gis_parcel_buildability USING btree (commune_id);


--
-- Name: ix_gis_parcel_buildability_commune_run; Type: INDEX; Schema: public; Owner: -
--

CREATE INDEX ix_gis_parcel_buildability_commune_run ON public.gis_parcel_buildability USING btree (commune_id, run_id);


--
-- Name: ix_gis_parcel_buildability_geom_4326; Type: INDEX; Schema: public; Owner: -
--

CREATE INDEX ix_gis_parcel_buildability_geom_4326 ON public.gis_parcel_buildability USING gist (geom_4326);


--
-- Name: ix_gis_parcels_commune_id; Type: INDEX; Schema: public; Owner: -
--

CREATE INDEX ix_gis_parcels_commune_id ON public.gis_parcels USING btree (commune_id);


--
-- Name: ix_gis_parcels_geom_4326; Type: INDEX; Schema: public; Owner: -
--

CREATE INDEX ix_gis_parcels_geom_4326 ON public.gis_parcels USING gist (geom_4326);


--
-- Name: ix_gis_servitude_layers_commune_id; Type: INDEX; Schema: public; Owner: -
--

CREATE INDEX ix_gis_servitude_layers_commune_id ON public.gis_servitude_layers USING btree (commune_id);


--
-- Name: ix_gis_servitudes_commune_id; Type: INDEX; Schema: public; Owner: -
--

CREATE INDEX ix_gis_servitudes_commune_id ON public.gis_servitudes USING btree (commune_id);


--
-- Name: ix_gis_servitudes_commune_layer; Type: INDEX; Schema: public; Owner: -
--

CREATE INDEX ix_gis_servitudes_commune_layer ON public.gis_servitudes USING btree (commune_id, layer_id);


--
-- Name: ix_gis_servitudes_geom_4326; Type: INDEX; Schema: public; Owner: -
--

CREATE INDEX ix_gis_servitudes_geom_4326 ON public.gis_servitudes USING gist (geom_4326);


--
-- Name: ix_gis_zone_rules_commune_id; Type: INDEX; Schema: public; Owner: -
--

CREATE INDEX ix_gis_zone_rules_commune_id ON public.gis_zone_rules USING btree (commune_id);


--
-- Name: ix_gis_zones_commune_id; Type: INDEX; Schema: public; Owner: -
--

CREATE INDEX ix_gis_zones_commune_id ON public.gis_zones USING btree (commune_id);


--
-- Name: ix_gis_zones_commune_plan; Type: INDEX; Schema: public; Owner: -
--

CREATE INDEX ix_gis_zones_commune_plan ON public.gis_zones USING btree (commune_id, plan_id, code);


--
-- Name: ix_gis_zones_geom_4326; Type: INDEX; Schema: public; Owner: -
--

CREATE INDEX ix_gis_zones_geom_4326 ON public.gis_zones USING gist (geom_4326);


--
-- Name: ix_gis_zoning_plans_commune_id; Type: INDEX; Schema: public; Owner: -
--

CREATE INDEX ix_gis_zoning_plans_commune_id ON public.gis_zoning_plans USING btree (commune_id);


--
-- Name: ix_gis_zoning_plans_commune_in_force; Type: INDEX; Schema: public; Owner: -
--

CREATE INDEX ix_gis_zoning_plans_commune_in_force ON public.gis_zoning_plans USING btree (commune_id, in_force_from);


--
-- Name: ix_memberships_commune_id; Type: INDEX; Schema: public; Owner: -
--

CREATE INDEX ix_memberships_commune_id ON public.memberships USING btree (commune_id);


--
-- Name: ix_memberships_region_id; Type: INDEX; Schema: public; Owner: -
--

CREATE INDEX ix_memberships_region_id ON public.memberships USING btree (region_id);


--
-- Name: ix_memberships_user_id; Type: INDEX; Schema: public; Owner: -
--

CREATE INDEX ix_memberships_user_id ON public.memberships USING btree (user_id);


--
-- Name: ix_notices_commune_id; Type: INDEX; Schema: public; Owner: -
--

CREATE INDEX ix_notices_commune_id ON public.notices USING btree (commune_id);


--
-- Name: ix_notices_commune_state; Type: INDEX; Schema: public; Owner: -
--

CREATE INDEX ix_notices_commune_state ON public.notices USING btree (commune_id, state, published_at);


--
-- Name: ix_outbox_commune_id; Type: INDEX; Schema: public; Owner: -
--

CREATE INDEX ix_outbox_commune_id ON public.outbox USING btree (commune_id);


--
-- Name: ix_outbox_due; Type: INDEX; Schema: public; Owner: -
--

CREATE INDEX ix_outbox_due ON public.outbox USING btree (state, next_attempt_at);


--
-- Name: ix_outbox_lane; Type: INDEX; Schema: public; Owner: -
--

CREATE INDEX ix_outbox_lane ON public.outbox USING btree (commune_id, destination, state, id);


--
-- Name: ix_outbox_ordering; Type: INDEX; Schema: public; Owner: -
--

CREATE INDEX ix_outbox_ordering ON public.outbox USING btree (commune_id, destination, ordering_key, id);


--
-- Name: ix_password_reset_tokens_user_id; Type: INDEX; Schema: public; Owner: -
--

CREATE INDEX ix_password_reset_tokens_user_id ON public.password_reset_tokens USING btree (user_id);


--
-- Name: ix_recovery_codes_user_id; Type: INDEX; Schema: public; Owner: -
--

CREATE INDEX ix_recovery_codes_user_id ON public.recovery_codes USING btree (user_id);


--
-- Name: ix_sync_attempts_commune_id; Type: INDEX; Schema: public; Owner: -
--

CREATE INDEX ix_sync_attempts_commune_id ON public.sync_attempts USING btree (commune_id);


--
-- Name: ix_sync_attempts_message; Type: INDEX; Schema: public; Owner: -
--

CREATE INDEX ix_sync_attempts_message ON public.sync_attempts USING btree (commune_id, outbox_id, id);


--
-- Name: ix_sync_connections_commune_id; Type: INDEX; Schema: public; Owner: -
--

CREATE INDEX ix_sync_connections_commune_id ON public.sync_connections USING btree (commune_id);


--
-- Name: ix_sync_lanes_commune_id; Type: INDEX; Schema: public; Owner: -
--

CREATE INDEX ix_sync_lanes_commune_id ON public.sync_lanes USING btree (commune_id);


--
-- Name: api_tokens fk_api_tokens_commune_id_communes; Type: FK CONSTRAINT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.api_tokens
    ADD CONSTRAINT fk_api_tokens_commune_id_communes FOREIGN KEY (commune_id) REFERENCES public.communes(id) ON DELETE CASCADE;


--
-- Name: api_tokens fk_api_tokens_created_by_id_users; Type: FK CONSTRAINT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.api_tokens
    ADD CONSTRAINT fk_api_tokens_created_by_id_users FOREIGN KEY (created_by_id) REFERENCES public.users(id);


--
-- Name: audit_events fk_audit_events_commune_id_communes; Type: FK CONSTRAINT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.audit_events
    ADD CONSTRAINT fk_audit_events_commune_id_communes FOREIGN KEY (commune_id) REFERENCES public.communes(id);


--
-- Name: commune_modules fk_commune_modules_commune_id_communes; Type: FK CONSTRAINT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.commune_modules
    ADD CONSTRAINT fk_commune_modules_commune_id_communes FOREIGN KEY (commune_id) REFERENCES public.communes(id) ON DELETE CASCADE;


--
-- Name: communes fk_communes_region_id_regions; Type: FK CONSTRAINT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.communes
    ADD CONSTRAINT fk_communes_region_id_regions FOREIGN KEY (region_id) REFERENCES public.regions(id);


--
-- Name: complaint_categories fk_complaint_categories_commune_id_communes; Type: FK CONSTRAINT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.complaint_categories
    ADD CONSTRAINT fk_complaint_categories_commune_id_communes FOREIGN KEY (commune_id) REFERENCES public.communes(id) ON DELETE CASCADE;


--
-- Name: complaint_events fk_complaint_events_commune_id_communes; Type: FK CONSTRAINT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.complaint_events
    ADD CONSTRAINT fk_complaint_events_commune_id_communes FOREIGN KEY (commune_id) REFERENCES public.communes(id) ON DELETE CASCADE;


--
-- Name: complaint_events fk_complaint_events_complaint_id_complaints; Type: FK CONSTRAINT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.complaint_events
    ADD CONSTRAINT fk_complaint_events_complaint_id_complaints FOREIGN KEY (complaint_id) REFERENCES public.complaints(id) ON DELETE CASCADE;


--
-- Name: complaint_photos fk_complaint_photos_commune_id_communes; Type: FK CONSTRAINT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.complaint_photos
    ADD CONSTRAINT fk_complaint_photos_commune_id_communes FOREIGN KEY (commune_id) REFERENCES public.communes(id) ON DELETE CASCADE;


--
-- Name: complaint_photos fk_complaint_photos_complaint_id_complaints; Type: FK CONSTRAINT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.complaint_photos
    ADD CONSTRAINT fk_complaint_photos_complaint_id_complaints FOREIGN KEY (complaint_id) REFERENCES public.complaints(id) ON DELETE CASCADE;


--
-- Name: complaints fk_complaints_assignee_id_users; Type: FK CONSTRAINT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.complaints
    ADD CONSTRAINT fk_complaints_assignee_id_users FOREIGN KEY (assignee_id) REFERENCES public.users(id);


--
-- Name: complaints fk_complaints_category_id_complaint_categories; Type: FK CONSTRAINT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.complaints
    ADD CONSTRAINT fk_complaints_category_id_complaint_categories FOREIGN KEY (category_id) REFERENCES public.complaint_categories(id);


--
-- Name: complaints fk_complaints_commune_id_communes; Type: FK CONSTRAINT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.complaints
    ADD CONSTRAINT fk_complaints_commune_id_communes FOREIGN KEY (commune_id) REFERENCES public.communes(id) ON DELETE CASCADE;


--
-- Name: complaints fk_complaints_merged_into_id_complaints; Type: FK CONSTRAINT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.complaints
    ADD CONSTRAINT fk_complaints_merged_into_id_complaints FOREIGN KEY (merged_into_id) REFERENCES public.complaints(id);


--
-- Name: complaints fk_complaints_reporter_user_id_users; Type: FK CONSTRAINT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.complaints
    ADD CONSTRAINT fk_complaints_reporter_user_id_users FOREIGN KEY (reporter_user_id) REFERENCES public.users(id);


--
-- Name: consolidation_campaigns fk_consolidation_campaigns_region_id_regions; Type: FK CONSTRAINT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.consolidation_campaigns
    ADD CONSTRAINT fk_consolidation_campaigns_region_id_regions FOREIGN KEY (region_id) REFERENCES public.regions(id);


--
-- Name: consolidation_campaigns fk_consolidation_campaigns_set_id_consolidation_sets; Type: FK CONSTRAINT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.consolidation_campaigns
    ADD CONSTRAINT fk_consolidation_campaigns_set_id_consolidation_sets FOREIGN KEY (set_id) REFERENCES public.consolidation_sets(id);


--
-- Name: consolidation_campaigns fk_consolidation_campaigns_set_version_id_consolidation_4986; Type: FK CONSTRAINT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.consolidation_campaigns
    ADD CONSTRAINT fk_consolidation_campaigns_set_version_id_consolidation_4986 FOREIGN KEY (set_version_id) REFERENCES public.consolidation_set_versions(id);


--
-- Name: consolidation_returns fk_consolidation_returns_campaign_id_consolidation_campaigns; Type: FK CONSTRAINT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.consolidation_returns
    ADD CONSTRAINT fk_consolidation_returns_campaign_id_consolidation_campaigns FOREIGN KEY (campaign_id) REFERENCES public.consolidation_campaigns(id) ON DELETE CASCADE;


--
-- Name: consolidation_returns fk_consolidation_returns_commune_id_communes; Type: FK CONSTRAINT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.consolidation_returns
    ADD CONSTRAINT fk_consolidation_returns_commune_id_communes FOREIGN KEY (commune_id) REFERENCES public.communes(id) ON DELETE CASCADE;


--
-- Name: consolidation_returns fk_consolidation_returns_submitted_by_id_users; Type: FK CONSTRAINT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.consolidation_returns
    ADD CONSTRAINT fk_consolidation_returns_submitted_by_id_users FOREIGN KEY (submitted_by_id) REFERENCES public.users(id);


--
-- Name: consolidation_set_versions fk_consolidation_set_versions_set_id_consolidation_sets; Type: FK CONSTRAINT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.consolidation_set_versions
    ADD CONSTRAINT fk_consolidation_set_versions_set_id_consolidation_sets FOREIGN KEY (set_id) REFERENCES public.consolidation_sets(id) ON DELETE CASCADE;


--
-- Name: consolidation_sets fk_consolidation_sets_region_id_regions; Type: FK CONSTRAINT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.consolidation_sets
    ADD CONSTRAINT fk_consolidation_sets_region_id_regions FOREIGN KEY (region_id) REFERENCES public.regions(id);


--
-- Name: gis_buildability_runs fk_gis_buildability_runs_commune_id_communes; Type: FK CONSTRAINT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.gis_buildability_runs
    ADD CONSTRAINT fk_gis_buildability_runs_commune_id_communes FOREIGN KEY (commune_id) REFERENCES public.communes(id) ON DELETE CASCADE;


--
-- Name: gis_buildability_runs fk_gis_buildability_runs_plan_id_gis_zoning_plans; Type: FK CONSTRAINT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.gis_buildability_runs
    ADD CONSTRAINT fk_gis_buildability_runs_plan_id_gis_zoning_plans FOREIGN KEY (plan_id) REFERENCES public.gis_zoning_plans(id) ON DELETE CASCADE;


--
-- Name: gis_commune_boundaries fk_gis_commune_boundaries_commune_id_communes; Type: FK CONSTRAINT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.gis_commune_boundaries
    ADD CONSTRAINT fk_gis_commune_boundaries_commune_id_communes FOREIGN KEY (commune_id) REFERENCES public.communes(id) ON DELETE CASCADE;


--
-- Name: gis_commune_boundaries fk_gis_commune_boundaries_import_run_id_gis_import_runs; Type: FK CONSTRAINT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.gis_commune_boundaries
    ADD CONSTRAINT fk_gis_commune_boundaries_import_run_id_gis_import_runs FOREIGN KEY (import_run_id) REFERENCES public.gis_import_runs(id);


--
-- Name: gis_import_runs fk_gis_import_runs_commune_id_communes; Type: FK CONSTRAINT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.gis_import_runs
    ADD CONSTRAINT fk_gis_import_runs_commune_id_communes FOREIGN KEY (commune_id) REFERENCES public.communes(id) ON DELETE CASCADE;


--
-- Name: gis_parcel_buildability fk_gis_parcel_buildability_commune_id_communes; Type: FK CONSTRAINT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.gis_parcel_buildability
    ADD CONSTRAINT fk_gis_parcel_buildability_commune_id_communes FOREIGN KEY (commune_id) REFERENCES public.communes(id) ON DELETE CASCADE;


--
-- Name: gis_parcel_buildability fk_gis_parcel_buildability_parcel_id_gis_parcels; Type: FK CONSTRAINT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.gis_parcel_buildability
    ADD CONSTRAINT fk_gis_parcel_buildability_parcel_id_gis_parcels FOREIGN KEY (parcel_id) REFERENCES public.gis_parcels(id) ON DELETE CASCADE;


--
-- Name: gis_parcel_buildability fk_gis_parcel_buildability_run_id_gis_buildability_runs; Type: FK CONSTRAINT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.gis_parcel_buildability
    ADD CONSTRAINT fk_gis_parcel_buildability_run_id_gis_buildability_runs FOREIGN KEY (run_id) REFERENCES public.gis_buildability_runs(id) ON DELETE CASCADE;


--
-- Name: gis_parcels fk_gis_parcels_commune_id_communes; Type: FK CONSTRAINT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.gis_parcels
    ADD CONSTRAINT fk_gis_parcels_commune_id_communes FOREIGN KEY (commune_id) REFERENCES public.communes(id) ON DELETE CASCADE;


--
-- Name: gis_parcels fk_gis_parcels_import_run_id_gis_import_runs; Type: FK CONSTRAINT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.gis_parcels
    ADD CONSTRAINT fk_gis_parcels_import_run_id_gis_import_runs FOREIGN KEY (import_run_id) REFERENCES public.gis_import_runs(id);


--
-- Name: gis_servitude_layers fk_gis_servitude_layers_commune_id_communes; Type: FK CONSTRAINT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.gis_servitude_layers
    ADD CONSTRAINT fk_gis_servitude_layers_commune_id_communes FOREIGN KEY (commune_id) REFERENCES public.communes(id) ON DELETE CASCADE;


--
-- Name: gis_servitude_layers fk_gis_servitude_layers_import_run_id_gis_import_runs; Type: FK CONSTRAINT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.gis_servitude_layers
    ADD CONSTRAINT fk_gis_servitude_layers_import_run_id_gis_import_runs FOREIGN KEY (import_run_id) REFERENCES public.gis_import_runs(id);


--
-- Name: gis_servitudes fk_gis_servitudes_commune_id_communes; Type: FK CONSTRAINT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.gis_servitudes
    ADD CONSTRAINT fk_gis_servitudes_commune_id_communes FOREIGN KEY (commune_id) REFERENCES public.communes(id) ON DELETE CASCADE;


--
-- Name: gis_servitudes fk_gis_servitudes_layer_id_gis_servitude_layers; Type: FK CONSTRAINT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.gis_servitudes
    ADD CONSTRAINT fk_gis_servitudes_layer_id_gis_servitude_layers FOREIGN KEY (layer_id) REFERENCES public.gis_servitude_layers(id) ON DELETE CASCADE;


--
-- Name: gis_zone_rules fk_gis_zone_rules_commune_id_communes; Type: FK CONSTRAINT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.gis_zone_rules
    ADD CONSTRAINT fk_gis_zone_rules_commune_id_communes FOREIGN KEY (commune_id) REFERENCES public.communes(id) ON DELETE CASCADE;


--
-- Name: gis_zone_rules fk_gis_zone_rules_plan_id_gis_zoning_plans; Type: FK CONSTRAINT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.gis_zone_rules
    ADD CONSTRAINT fk_gis_zone_rules_plan_id_gis_zoning_plans FOREIGN KEY (plan_id) REFERENCES public.gis_zoning_plans(id) ON DELETE CASCADE;


--
-- Name: gis_zones fk_gis_zones_commune_id_communes; Type: FK CONSTRAINT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.gis_zones
    ADD CONSTRAINT fk_gis_zones_commune_id_communes FOREIGN KEY (commune_id) REFERENCES public.communes(id) ON DELETE CASCADE;


--
-- Name: gis_zones fk_gis_zones_plan_id_gis_zoning_plans; Type: FK CONSTRAINT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.gis_zones
    ADD CONSTRAINT fk_gis_zones_plan_id_gis_zoning_plans FOREIGN KEY (plan_id) REFERENCES public.gis_zoning_plans(id) ON DELETE CASCADE;


--
-- Name: gis_zoning_plans fk_gis_zoning_plans_commune_id_communes; Type: FK CONSTRAINT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.gis_zoning_plans
    ADD CONSTRAINT fk_gis_zoning_plans_commune_id_communes FOREIGN KEY (commune_id) REFERENCES public.communes(id) ON DELETE CASCADE;


--
-- Name: gis_zoning_plans fk_gis_zoning_plans_import_run_id_gis_import_runs; Type: FK CONSTRAINT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.gis_zoning_plans
    ADD CONSTRAINT fk_gis_zoning_plans_import_run_id_gis_import_runs FOREIGN KEY (import_run_id) REFERENCES public.gis_import_runs(id);


--
-- Name: memberships fk_memberships_commune_id_communes; Type: FK CONSTRAINT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.memberships
    ADD CONSTRAINT fk_memberships_commune_id_communes FOREIGN KEY (commune_id) REFERENCES public.communes(id);


--
-- Name: memberships fk_memberships_region_id_regions; Type: FK CONSTRAINT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.memberships
    ADD CONSTRAINT fk_memberships_region_id_regions FOREIGN KEY (region_id) REFERENCES public.regions(id);


--
-- Name: memberships fk_memberships_user_id_users; Type: FK CONSTRAINT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.memberships
    ADD CONSTRAINT fk_memberships_user_id_users FOREIGN KEY (user_id) REFERENCES public.users(id) ON DELETE CASCADE;


--
-- Name: notices fk_notices_author_id_users; Type: FK CONSTRAINT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.notices
    ADD CONSTRAINT fk_notices_author_id_users FOREIGN KEY (author_id) REFERENCES public.users(id);


--
-- Name: notices fk_notices_commune_id_communes; Type: FK CONSTRAINT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.notices
    ADD CONSTRAINT fk_notices_commune_id_communes FOREIGN KEY (commune_id) REFERENCES public.communes(id) ON DELETE CASCADE;


--
-- Name: outbox fk_outbox_commune_id_communes; Type: FK CONSTRAINT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.outbox
    ADD CONSTRAINT fk_outbox_commune_id_communes FOREIGN KEY (commune_id) REFERENCES public.communes(id);


--
-- Name: password_reset_tokens fk_password_reset_tokens_user_id_users; Type: FK CONSTRAINT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.password_reset_tokens
    ADD CONSTRAINT fk_password_reset_tokens_user_id_users FOREIGN KEY (user_id) REFERENCES public.users(id) ON DELETE CASCADE;


--
-- Name: recovery_codes fk_recovery_codes_user_id_users; Type: FK CONSTRAINT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.recovery_codes
    ADD CONSTRAINT fk_recovery_codes_user_id_users FOREIGN KEY (user_id) REFERENCES public.users(id) ON DELETE CASCADE;


--
-- Name: sync_attempts fk_sync_attempts_commune_id_communes; Type: FK CONSTRAINT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.sync_attempts
    ADD CONSTRAINT fk_sync_attempts_commune_id_communes FOREIGN KEY (commune_id) REFERENCES public.communes(id) ON DELETE CASCADE;


--
-- Name: sync_attempts fk_sync_attempts_outbox_id_outbox; Type: FK CONSTRAINT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.sync_attempts
    ADD CONSTRAINT fk_sync_attempts_outbox_id_outbox FOREIGN KEY (outbox_id) REFERENCES public.outbox(id) ON DELETE CASCADE;


--
-- Name: sync_connections fk_sync_connections_commune_id_communes; Type: FK CONSTRAINT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.sync_connections
    ADD CONSTRAINT fk_sync_connections_commune_id_communes FOREIGN KEY (commune_id) REFERENCES public.communes(id) ON DELETE CASCADE;


--
-- Name: sync_lanes fk_sync_lanes_commune_id_communes; Type: FK CONSTRAINT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.sync_lanes
    ADD CONSTRAINT fk_sync_lanes_commune_id_communes FOREIGN KEY (commune_id) REFERENCES public.communes(id) ON DELETE CASCADE;


--
-- PostgreSQL database dump complete
--


