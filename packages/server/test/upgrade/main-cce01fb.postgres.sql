--
-- PostgreSQL database dump
--


-- Dumped from database version 15.18 (Debian 15.18-0+deb12u1)
-- Dumped by pg_dump version 15.18 (Debian 15.18-0+deb12u1)

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
-- Name: auth_sessions; Type: TABLE; Schema: public; Owner: -
--

CREATE TABLE public.auth_sessions (
    token_hash text NOT NULL,
    id text NOT NULL,
    consultant_id text NOT NULL,
    expires_at bigint NOT NULL
);


--
-- Name: canned_responses; Type: TABLE; Schema: public; Owner: -
--

CREATE TABLE public.canned_responses (
    id text NOT NULL,
    tenant_id text NOT NULL,
    department_id text,
    title text NOT NULL,
    text text NOT NULL,
    created_at bigint NOT NULL
);


--
-- Name: consultant_presence; Type: TABLE; Schema: public; Owner: -
--

CREATE TABLE public.consultant_presence (
    consultant_id text NOT NULL,
    available integer NOT NULL,
    updated_at bigint NOT NULL
);


--
-- Name: consultants; Type: TABLE; Schema: public; Owner: -
--

CREATE TABLE public.consultants (
    id text NOT NULL,
    tenant_id text NOT NULL,
    email text NOT NULL,
    name text NOT NULL,
    role text NOT NULL,
    password_hash text NOT NULL,
    created_at bigint NOT NULL,
    department_id text,
    active integer DEFAULT 1 NOT NULL,
    max_conversations integer DEFAULT 1 NOT NULL,
    must_change_password integer DEFAULT 0 NOT NULL
);


--
-- Name: contacts; Type: TABLE; Schema: public; Owner: -
--

CREATE TABLE public.contacts (
    id text NOT NULL,
    tenant_id text NOT NULL,
    external_id text NOT NULL,
    name text NOT NULL,
    email text NOT NULL,
    created_at bigint NOT NULL,
    last_seen_at bigint NOT NULL
);


--
-- Name: conversations; Type: TABLE; Schema: public; Owner: -
--

CREATE TABLE public.conversations (
    id text NOT NULL,
    tenant_id text NOT NULL,
    link_id text NOT NULL,
    visitor_id text NOT NULL,
    visitor_name text NOT NULL,
    state text NOT NULL,
    consultant_id text,
    queued_at bigint NOT NULL,
    accepted_at bigint,
    closed_at bigint,
    close_reason text,
    state_json text NOT NULL,
    visitor_setup_json text
);


--
-- Name: custom_fields; Type: TABLE; Schema: public; Owner: -
--

CREATE TABLE public.custom_fields (
    id text NOT NULL,
    tenant_id text NOT NULL,
    label text NOT NULL,
    "position" integer NOT NULL,
    created_at bigint NOT NULL
);


--
-- Name: custom_values; Type: TABLE; Schema: public; Owner: -
--

CREATE TABLE public.custom_values (
    tenant_id text NOT NULL,
    conversation_id text NOT NULL,
    field_id text NOT NULL,
    value text NOT NULL
);


--
-- Name: departments; Type: TABLE; Schema: public; Owner: -
--

CREATE TABLE public.departments (
    id text NOT NULL,
    tenant_id text NOT NULL,
    name text NOT NULL,
    created_at bigint NOT NULL
);


--
-- Name: desk_settings; Type: TABLE; Schema: public; Owner: -
--

CREATE TABLE public.desk_settings (
    tenant_id text NOT NULL,
    identity_secret text,
    disposition_required integer DEFAULT 0 NOT NULL
);


--
-- Name: dispositions; Type: TABLE; Schema: public; Owner: -
--

CREATE TABLE public.dispositions (
    id text NOT NULL,
    tenant_id text NOT NULL,
    code text NOT NULL,
    label text NOT NULL,
    active integer DEFAULT 1 NOT NULL,
    created_at bigint NOT NULL
);


--
-- Name: kysely_migration; Type: TABLE; Schema: public; Owner: -
--

CREATE TABLE public.kysely_migration (
    name character varying(255) NOT NULL,
    "timestamp" character varying(255) NOT NULL
);


--
-- Name: kysely_migration_lock; Type: TABLE; Schema: public; Owner: -
--

CREATE TABLE public.kysely_migration_lock (
    id character varying(255) NOT NULL,
    is_locked integer DEFAULT 0 NOT NULL
);


--
-- Name: left_messages; Type: TABLE; Schema: public; Owner: -
--

CREATE TABLE public.left_messages (
    id text NOT NULL,
    tenant_id text NOT NULL,
    link_id text NOT NULL,
    name text NOT NULL,
    email text NOT NULL,
    text text NOT NULL,
    created_at bigint NOT NULL,
    handled_at bigint
);


--
-- Name: link_consultants; Type: TABLE; Schema: public; Owner: -
--

CREATE TABLE public.link_consultants (
    tenant_id text NOT NULL,
    link_id text NOT NULL,
    consultant_id text NOT NULL
);


--
-- Name: links; Type: TABLE; Schema: public; Owner: -
--

CREATE TABLE public.links (
    id text NOT NULL,
    tenant_id text NOT NULL,
    key text NOT NULL,
    name text NOT NULL,
    mode text NOT NULL,
    acceptance text NOT NULL,
    created_at bigint NOT NULL,
    department_id text,
    max_wait_ms bigint,
    offline_text text DEFAULT ''::text NOT NULL,
    offline_image text
);


--
-- Name: messages; Type: TABLE; Schema: public; Owner: -
--

CREATE TABLE public.messages (
    seq integer NOT NULL,
    id text NOT NULL,
    tenant_id text NOT NULL,
    conversation_id text NOT NULL,
    client_id text NOT NULL,
    sender text NOT NULL,
    author_name text NOT NULL,
    text text NOT NULL,
    sent_at bigint NOT NULL
);


--
-- Name: messages_seq_seq; Type: SEQUENCE; Schema: public; Owner: -
--

ALTER TABLE public.messages ALTER COLUMN seq ADD GENERATED BY DEFAULT AS IDENTITY (
    SEQUENCE NAME public.messages_seq_seq
    START WITH 1
    INCREMENT BY 1
    NO MINVALUE
    NO MAXVALUE
    CACHE 1
);


--
-- Name: notes; Type: TABLE; Schema: public; Owner: -
--

CREATE TABLE public.notes (
    id text NOT NULL,
    tenant_id text NOT NULL,
    conversation_id text NOT NULL,
    author_id text NOT NULL,
    author_name text NOT NULL,
    text text NOT NULL,
    created_at bigint NOT NULL
);


--
-- Name: support_videos; Type: TABLE; Schema: public; Owner: -
--

CREATE TABLE public.support_videos (
    id text NOT NULL,
    tenant_id text NOT NULL,
    name text NOT NULL,
    type text NOT NULL,
    size bigint NOT NULL,
    created_by text NOT NULL,
    created_at bigint NOT NULL
);


--
-- Name: team_messages; Type: TABLE; Schema: public; Owner: -
--

CREATE TABLE public.team_messages (
    seq integer NOT NULL,
    id text NOT NULL,
    tenant_id text NOT NULL,
    client_id text NOT NULL,
    sender_id text NOT NULL,
    sender_name text NOT NULL,
    recipient_id text,
    text text NOT NULL,
    sent_at bigint NOT NULL
);


--
-- Name: team_messages_seq_seq; Type: SEQUENCE; Schema: public; Owner: -
--

ALTER TABLE public.team_messages ALTER COLUMN seq ADD GENERATED BY DEFAULT AS IDENTITY (
    SEQUENCE NAME public.team_messages_seq_seq
    START WITH 1
    INCREMENT BY 1
    NO MINVALUE
    NO MAXVALUE
    CACHE 1
);


--
-- Name: tenants; Type: TABLE; Schema: public; Owner: -
--

CREATE TABLE public.tenants (
    id text NOT NULL,
    name text NOT NULL,
    slug text NOT NULL,
    created_at bigint NOT NULL,
    allowed_origins text DEFAULT '[]'::text NOT NULL
);


--
-- Name: visitor_context; Type: TABLE; Schema: public; Owner: -
--

CREATE TABLE public.visitor_context (
    visitor_id text NOT NULL,
    tenant_id text NOT NULL,
    contact_id text,
    attached_json text NOT NULL,
    updated_at bigint NOT NULL
);


--
-- Name: visitors; Type: TABLE; Schema: public; Owner: -
--

CREATE TABLE public.visitors (
    id text NOT NULL,
    tenant_id text NOT NULL,
    link_id text NOT NULL,
    name text NOT NULL,
    resume_token_hash text NOT NULL,
    created_at bigint NOT NULL
);


--
-- Name: wrap_ups; Type: TABLE; Schema: public; Owner: -
--

CREATE TABLE public.wrap_ups (
    conversation_id text NOT NULL,
    tenant_id text NOT NULL,
    disposition_code text,
    disposition_label text,
    notes text NOT NULL,
    consultant_id text NOT NULL,
    done_at bigint NOT NULL
);


--
-- Data for Name: auth_sessions; Type: TABLE DATA; Schema: public; Owner: -
--

INSERT INTO public.auth_sessions VALUES ('zf85c4HPb2EANgwZ317EVdczjMEAWwpRc4yT5F7Lqzw', 'sess_000009', 'con_000002', 1790043200000);


--
-- Data for Name: canned_responses; Type: TABLE DATA; Schema: public; Owner: -
--

INSERT INTO public.canned_responses VALUES ('can_00000f', 'ten_000000', NULL, 'Hello', 'Hello, how can I help?', 1790000000000);


--
-- Data for Name: consultant_presence; Type: TABLE DATA; Schema: public; Owner: -
--

INSERT INTO public.consultant_presence VALUES ('con_000002', 0, 1790000000000);


--
-- Data for Name: consultants; Type: TABLE DATA; Schema: public; Owner: -
--

INSERT INTO public.consultants VALUES ('con_000002', 'ten_000000', 'consultant@demo.parley', 'Dana Demo', 'admin', 'scrypt$131072$8$1$mhgGEH914hVmm4-R2FlBLA$JjZ0AB1T432zwhLzu13C9RQSUqtnnDbaurl2awqQ168', 1790000000000, 'dep_000001', 1, 1, 0);
INSERT INTO public.consultants VALUES ('con_000003', 'ten_000000', 'sam@demo.parley', 'Sam Sales', 'consultant', 'scrypt$131072$8$1$mhgGEH914hVmm4-R2FlBLA$JjZ0AB1T432zwhLzu13C9RQSUqtnnDbaurl2awqQ168', 1790000000000, 'dep_000001', 1, 1, 0);


--
-- Data for Name: contacts; Type: TABLE DATA; Schema: public; Owner: -
--

INSERT INTO public.contacts VALUES ('ctc_00000n', 'ten_000000', 'cust-1', 'Ann Upgrade', 'ann@example.test', 1790000000000, 1790000000000);


--
-- Data for Name: conversations; Type: TABLE DATA; Schema: public; Owner: -
--

INSERT INTO public.conversations VALUES ('conv_00000o', 'ten_000000', 'link_000004', 'vis_00000l', 'Ann', 'done', 'con_000002', 1790000000000, 1790000000000, 1790000000000, 'consultant_ended', '{"name":"done","queuedAt":1790000000000,"consultantId":"con_000002","acceptedAt":1790000000000,"endedAt":1790000000000,"reason":"consultant_ended","doneAt":1790000000000,"disposition":"refund"}', '{"mediaCheck":"skipped","mode":"video","webrtc":true,"client":null}');


--
-- Data for Name: custom_fields; Type: TABLE DATA; Schema: public; Owner: -
--

INSERT INTO public.custom_fields VALUES ('fld_00000d', 'ten_000000', 'Order number', 0, 1790000000000);


--
-- Data for Name: custom_values; Type: TABLE DATA; Schema: public; Owner: -
--

INSERT INTO public.custom_values VALUES ('ten_000000', 'conv_00000o', 'fld_00000d', 'A-1001');


--
-- Data for Name: departments; Type: TABLE DATA; Schema: public; Owner: -
--

INSERT INTO public.departments VALUES ('dep_000001', 'ten_000000', 'Sales', 1790000000000);


--
-- Data for Name: desk_settings; Type: TABLE DATA; Schema: public; Owner: -
--

INSERT INTO public.desk_settings VALUES ('ten_000000', 'secret_00000000000000000000000h', 0);


--
-- Data for Name: dispositions; Type: TABLE DATA; Schema: public; Owner: -
--

INSERT INTO public.dispositions VALUES ('disp_00000b', 'ten_000000', 'refund', 'Refund promised', 1, 1790000000000);


--
-- Data for Name: kysely_migration; Type: TABLE DATA; Schema: public; Owner: -
--

INSERT INTO public.kysely_migration VALUES ('0001_foundation', '2026-11-27T09:38:00.011Z');
INSERT INTO public.kysely_migration VALUES ('0002_routing', '2026-11-27T09:38:00.060Z');
INSERT INTO public.kysely_migration VALUES ('0004_trust', '2026-11-27T09:38:00.080Z');
INSERT INTO public.kysely_migration VALUES ('0005_desk', '2026-11-27T09:38:00.160Z');
INSERT INTO public.kysely_migration VALUES ('0005_media', '2026-11-27T09:38:00.174Z');
INSERT INTO public.kysely_migration VALUES ('0006_notes', '2026-11-27T09:38:00.185Z');
INSERT INTO public.kysely_migration VALUES ('0007_drop_conversation_notes', '2026-11-27T09:38:00.192Z');
INSERT INTO public.kysely_migration VALUES ('0009_accounts', '2026-11-27T09:38:00.207Z');


--
-- Data for Name: kysely_migration_lock; Type: TABLE DATA; Schema: public; Owner: -
--

INSERT INTO public.kysely_migration_lock VALUES ('migration_lock', 0);


--
-- Data for Name: left_messages; Type: TABLE DATA; Schema: public; Owner: -
--



--
-- Data for Name: link_consultants; Type: TABLE DATA; Schema: public; Owner: -
--

INSERT INTO public.link_consultants VALUES ('ten_000000', 'link_000004', 'con_000002');
INSERT INTO public.link_consultants VALUES ('ten_000000', 'link_000006', 'con_000002');


--
-- Data for Name: links; Type: TABLE DATA; Schema: public; Owner: -
--

INSERT INTO public.links VALUES ('link_000004', 'ten_000000', 'demo-help', 'Demo help desk', 'consultation', 'manual', 1790000000000, NULL, NULL, '', NULL);
INSERT INTO public.links VALUES ('link_000005', 'ten_000000', 'demo-pool', 'Demo sales pool', 'pool', 'manual', 1790000000000, 'dep_000001', NULL, '', NULL);
INSERT INTO public.links VALUES ('link_000006', 'ten_000000', 'demo-broadcast', 'Demo broadcast', 'broadcast', 'manual', 1790000000000, NULL, NULL, '', NULL);


--
-- Data for Name: messages; Type: TABLE DATA; Schema: public; Owner: -
--

INSERT INTO public.messages VALUES (1, 'msg_00000q', 'ten_000000', 'conv_00000o', '831bcff5e73ec7983353fddf', 'visitor', 'Ann', 'My order never arrived', 1790000000000);
INSERT INTO public.messages VALUES (2, 'msg_00000r', 'ten_000000', 'conv_00000o', 'a87b0527c1a651e94eb047a0', 'consultant', 'Dana Demo', 'Sorry to hear that, let me check', 1790000000000);


--
-- Data for Name: notes; Type: TABLE DATA; Schema: public; Owner: -
--

INSERT INTO public.notes VALUES ('note_00000t', 'ten_000000', 'conv_00000o', 'con_000002', 'Dana Demo', 'Parcel lost by the carrier', 1790000000000);
INSERT INTO public.notes VALUES ('note_00000w', 'ten_000000', 'conv_00000o', 'con_000002', 'Dana Demo', 'Promised a refund', 1790000000000);


--
-- Data for Name: support_videos; Type: TABLE DATA; Schema: public; Owner: -
--



--
-- Data for Name: team_messages; Type: TABLE DATA; Schema: public; Owner: -
--



--
-- Data for Name: tenants; Type: TABLE DATA; Schema: public; Owner: -
--

INSERT INTO public.tenants VALUES ('ten_000000', 'Demo', 'demo', 1790000000000, '[]');


--
-- Data for Name: visitor_context; Type: TABLE DATA; Schema: public; Owner: -
--

INSERT INTO public.visitor_context VALUES ('vis_00000l', 'ten_000000', 'ctc_00000n', '{}', 1790000000000);


--
-- Data for Name: visitors; Type: TABLE DATA; Schema: public; Owner: -
--

INSERT INTO public.visitors VALUES ('vis_00000l', 'ten_000000', 'link_000004', '', 'MPWO_Ld7A1v-J9xgNKQ5T4-jDhf0PGtjLLdLKuQFaAA', 1790000000000);


--
-- Data for Name: wrap_ups; Type: TABLE DATA; Schema: public; Owner: -
--

INSERT INTO public.wrap_ups VALUES ('conv_00000o', 'ten_000000', 'refund', 'Refund promised', 'Promised a refund', 'con_000002', 1790000000000);


--
-- Name: messages_seq_seq; Type: SEQUENCE SET; Schema: public; Owner: -
--

SELECT pg_catalog.setval('public.messages_seq_seq', 2, true);


--
-- Name: team_messages_seq_seq; Type: SEQUENCE SET; Schema: public; Owner: -
--

SELECT pg_catalog.setval('public.team_messages_seq_seq', 1, false);


--
-- Name: auth_sessions auth_sessions_pkey; Type: CONSTRAINT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.auth_sessions
    ADD CONSTRAINT auth_sessions_pkey PRIMARY KEY (token_hash);


--
-- Name: canned_responses canned_responses_pkey; Type: CONSTRAINT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.canned_responses
    ADD CONSTRAINT canned_responses_pkey PRIMARY KEY (id);


--
-- Name: consultant_presence consultant_presence_pkey; Type: CONSTRAINT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.consultant_presence
    ADD CONSTRAINT consultant_presence_pkey PRIMARY KEY (consultant_id);


--
-- Name: consultants consultants_email_key; Type: CONSTRAINT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.consultants
    ADD CONSTRAINT consultants_email_key UNIQUE (email);


--
-- Name: consultants consultants_pkey; Type: CONSTRAINT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.consultants
    ADD CONSTRAINT consultants_pkey PRIMARY KEY (id);


--
-- Name: contacts contacts_external_unique; Type: CONSTRAINT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.contacts
    ADD CONSTRAINT contacts_external_unique UNIQUE (tenant_id, external_id);


--
-- Name: contacts contacts_pkey; Type: CONSTRAINT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.contacts
    ADD CONSTRAINT contacts_pkey PRIMARY KEY (id);


--
-- Name: conversations conversations_pkey; Type: CONSTRAINT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.conversations
    ADD CONSTRAINT conversations_pkey PRIMARY KEY (id);


--
-- Name: custom_fields custom_fields_pkey; Type: CONSTRAINT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.custom_fields
    ADD CONSTRAINT custom_fields_pkey PRIMARY KEY (id);


--
-- Name: custom_values custom_values_pk; Type: CONSTRAINT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.custom_values
    ADD CONSTRAINT custom_values_pk PRIMARY KEY (conversation_id, field_id);


--
-- Name: departments departments_pkey; Type: CONSTRAINT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.departments
    ADD CONSTRAINT departments_pkey PRIMARY KEY (id);


--
-- Name: desk_settings desk_settings_pkey; Type: CONSTRAINT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.desk_settings
    ADD CONSTRAINT desk_settings_pkey PRIMARY KEY (tenant_id);


--
-- Name: dispositions dispositions_code_unique; Type: CONSTRAINT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.dispositions
    ADD CONSTRAINT dispositions_code_unique UNIQUE (tenant_id, code);


--
-- Name: dispositions dispositions_pkey; Type: CONSTRAINT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.dispositions
    ADD CONSTRAINT dispositions_pkey PRIMARY KEY (id);


--
-- Name: kysely_migration_lock kysely_migration_lock_pkey; Type: CONSTRAINT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.kysely_migration_lock
    ADD CONSTRAINT kysely_migration_lock_pkey PRIMARY KEY (id);


--
-- Name: kysely_migration kysely_migration_pkey; Type: CONSTRAINT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.kysely_migration
    ADD CONSTRAINT kysely_migration_pkey PRIMARY KEY (name);


--
-- Name: left_messages left_messages_pkey; Type: CONSTRAINT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.left_messages
    ADD CONSTRAINT left_messages_pkey PRIMARY KEY (id);


--
-- Name: link_consultants link_consultants_pk; Type: CONSTRAINT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.link_consultants
    ADD CONSTRAINT link_consultants_pk PRIMARY KEY (link_id, consultant_id);


--
-- Name: links links_key_key; Type: CONSTRAINT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.links
    ADD CONSTRAINT links_key_key UNIQUE (key);


--
-- Name: links links_pkey; Type: CONSTRAINT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.links
    ADD CONSTRAINT links_pkey PRIMARY KEY (id);


--
-- Name: messages messages_client_unique; Type: CONSTRAINT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.messages
    ADD CONSTRAINT messages_client_unique UNIQUE (conversation_id, sender, client_id);


--
-- Name: messages messages_id_key; Type: CONSTRAINT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.messages
    ADD CONSTRAINT messages_id_key UNIQUE (id);


--
-- Name: messages messages_pkey; Type: CONSTRAINT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.messages
    ADD CONSTRAINT messages_pkey PRIMARY KEY (seq);


--
-- Name: notes notes_pkey; Type: CONSTRAINT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.notes
    ADD CONSTRAINT notes_pkey PRIMARY KEY (id);


--
-- Name: support_videos support_videos_pkey; Type: CONSTRAINT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.support_videos
    ADD CONSTRAINT support_videos_pkey PRIMARY KEY (id);


--
-- Name: team_messages team_messages_client_unique; Type: CONSTRAINT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.team_messages
    ADD CONSTRAINT team_messages_client_unique UNIQUE (sender_id, client_id);


--
-- Name: team_messages team_messages_id_key; Type: CONSTRAINT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.team_messages
    ADD CONSTRAINT team_messages_id_key UNIQUE (id);


--
-- Name: team_messages team_messages_pkey; Type: CONSTRAINT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.team_messages
    ADD CONSTRAINT team_messages_pkey PRIMARY KEY (seq);


--
-- Name: tenants tenants_pkey; Type: CONSTRAINT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.tenants
    ADD CONSTRAINT tenants_pkey PRIMARY KEY (id);


--
-- Name: tenants tenants_slug_key; Type: CONSTRAINT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.tenants
    ADD CONSTRAINT tenants_slug_key UNIQUE (slug);


--
-- Name: visitor_context visitor_context_pkey; Type: CONSTRAINT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.visitor_context
    ADD CONSTRAINT visitor_context_pkey PRIMARY KEY (visitor_id);


--
-- Name: visitors visitors_pkey; Type: CONSTRAINT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.visitors
    ADD CONSTRAINT visitors_pkey PRIMARY KEY (id);


--
-- Name: visitors visitors_resume_token_hash_key; Type: CONSTRAINT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.visitors
    ADD CONSTRAINT visitors_resume_token_hash_key UNIQUE (resume_token_hash);


--
-- Name: wrap_ups wrap_ups_pkey; Type: CONSTRAINT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.wrap_ups
    ADD CONSTRAINT wrap_ups_pkey PRIMARY KEY (conversation_id);


--
-- Name: auth_sessions_consultant; Type: INDEX; Schema: public; Owner: -
--

CREATE INDEX auth_sessions_consultant ON public.auth_sessions USING btree (consultant_id);


--
-- Name: conversations_tenant_state; Type: INDEX; Schema: public; Owner: -
--

CREATE INDEX conversations_tenant_state ON public.conversations USING btree (tenant_id, state);


--
-- Name: left_messages_tenant; Type: INDEX; Schema: public; Owner: -
--

CREATE INDEX left_messages_tenant ON public.left_messages USING btree (tenant_id, created_at);


--
-- Name: notes_conversation; Type: INDEX; Schema: public; Owner: -
--

CREATE INDEX notes_conversation ON public.notes USING btree (tenant_id, conversation_id);


--
-- Name: support_videos_tenant; Type: INDEX; Schema: public; Owner: -
--

CREATE INDEX support_videos_tenant ON public.support_videos USING btree (tenant_id);


--
-- Name: team_messages_tenant; Type: INDEX; Schema: public; Owner: -
--

CREATE INDEX team_messages_tenant ON public.team_messages USING btree (tenant_id, seq);


--
-- Name: visitor_context_contact; Type: INDEX; Schema: public; Owner: -
--

CREATE INDEX visitor_context_contact ON public.visitor_context USING btree (tenant_id, contact_id);


--
-- Name: auth_sessions auth_sessions_consultant_id_fkey; Type: FK CONSTRAINT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.auth_sessions
    ADD CONSTRAINT auth_sessions_consultant_id_fkey FOREIGN KEY (consultant_id) REFERENCES public.consultants(id);


--
-- Name: canned_responses canned_responses_tenant_id_fkey; Type: FK CONSTRAINT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.canned_responses
    ADD CONSTRAINT canned_responses_tenant_id_fkey FOREIGN KEY (tenant_id) REFERENCES public.tenants(id);


--
-- Name: consultant_presence consultant_presence_consultant_id_fkey; Type: FK CONSTRAINT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.consultant_presence
    ADD CONSTRAINT consultant_presence_consultant_id_fkey FOREIGN KEY (consultant_id) REFERENCES public.consultants(id);


--
-- Name: consultants consultants_tenant_id_fkey; Type: FK CONSTRAINT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.consultants
    ADD CONSTRAINT consultants_tenant_id_fkey FOREIGN KEY (tenant_id) REFERENCES public.tenants(id);


--
-- Name: contacts contacts_tenant_id_fkey; Type: FK CONSTRAINT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.contacts
    ADD CONSTRAINT contacts_tenant_id_fkey FOREIGN KEY (tenant_id) REFERENCES public.tenants(id);


--
-- Name: conversations conversations_link_id_fkey; Type: FK CONSTRAINT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.conversations
    ADD CONSTRAINT conversations_link_id_fkey FOREIGN KEY (link_id) REFERENCES public.links(id);


--
-- Name: conversations conversations_tenant_id_fkey; Type: FK CONSTRAINT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.conversations
    ADD CONSTRAINT conversations_tenant_id_fkey FOREIGN KEY (tenant_id) REFERENCES public.tenants(id);


--
-- Name: conversations conversations_visitor_id_fkey; Type: FK CONSTRAINT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.conversations
    ADD CONSTRAINT conversations_visitor_id_fkey FOREIGN KEY (visitor_id) REFERENCES public.visitors(id);


--
-- Name: custom_fields custom_fields_tenant_id_fkey; Type: FK CONSTRAINT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.custom_fields
    ADD CONSTRAINT custom_fields_tenant_id_fkey FOREIGN KEY (tenant_id) REFERENCES public.tenants(id);


--
-- Name: custom_values custom_values_conversation_id_fkey; Type: FK CONSTRAINT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.custom_values
    ADD CONSTRAINT custom_values_conversation_id_fkey FOREIGN KEY (conversation_id) REFERENCES public.conversations(id);


--
-- Name: custom_values custom_values_field_id_fkey; Type: FK CONSTRAINT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.custom_values
    ADD CONSTRAINT custom_values_field_id_fkey FOREIGN KEY (field_id) REFERENCES public.custom_fields(id) ON DELETE CASCADE;


--
-- Name: custom_values custom_values_tenant_id_fkey; Type: FK CONSTRAINT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.custom_values
    ADD CONSTRAINT custom_values_tenant_id_fkey FOREIGN KEY (tenant_id) REFERENCES public.tenants(id);


--
-- Name: departments departments_tenant_id_fkey; Type: FK CONSTRAINT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.departments
    ADD CONSTRAINT departments_tenant_id_fkey FOREIGN KEY (tenant_id) REFERENCES public.tenants(id);


--
-- Name: desk_settings desk_settings_tenant_id_fkey; Type: FK CONSTRAINT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.desk_settings
    ADD CONSTRAINT desk_settings_tenant_id_fkey FOREIGN KEY (tenant_id) REFERENCES public.tenants(id);


--
-- Name: dispositions dispositions_tenant_id_fkey; Type: FK CONSTRAINT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.dispositions
    ADD CONSTRAINT dispositions_tenant_id_fkey FOREIGN KEY (tenant_id) REFERENCES public.tenants(id);


--
-- Name: left_messages left_messages_link_id_fkey; Type: FK CONSTRAINT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.left_messages
    ADD CONSTRAINT left_messages_link_id_fkey FOREIGN KEY (link_id) REFERENCES public.links(id);


--
-- Name: left_messages left_messages_tenant_id_fkey; Type: FK CONSTRAINT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.left_messages
    ADD CONSTRAINT left_messages_tenant_id_fkey FOREIGN KEY (tenant_id) REFERENCES public.tenants(id);


--
-- Name: link_consultants link_consultants_consultant_id_fkey; Type: FK CONSTRAINT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.link_consultants
    ADD CONSTRAINT link_consultants_consultant_id_fkey FOREIGN KEY (consultant_id) REFERENCES public.consultants(id);


--
-- Name: link_consultants link_consultants_link_id_fkey; Type: FK CONSTRAINT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.link_consultants
    ADD CONSTRAINT link_consultants_link_id_fkey FOREIGN KEY (link_id) REFERENCES public.links(id);


--
-- Name: link_consultants link_consultants_tenant_id_fkey; Type: FK CONSTRAINT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.link_consultants
    ADD CONSTRAINT link_consultants_tenant_id_fkey FOREIGN KEY (tenant_id) REFERENCES public.tenants(id);


--
-- Name: links links_tenant_id_fkey; Type: FK CONSTRAINT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.links
    ADD CONSTRAINT links_tenant_id_fkey FOREIGN KEY (tenant_id) REFERENCES public.tenants(id);


--
-- Name: messages messages_conversation_id_fkey; Type: FK CONSTRAINT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.messages
    ADD CONSTRAINT messages_conversation_id_fkey FOREIGN KEY (conversation_id) REFERENCES public.conversations(id);


--
-- Name: messages messages_tenant_id_fkey; Type: FK CONSTRAINT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.messages
    ADD CONSTRAINT messages_tenant_id_fkey FOREIGN KEY (tenant_id) REFERENCES public.tenants(id);


--
-- Name: notes notes_conversation_id_fkey; Type: FK CONSTRAINT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.notes
    ADD CONSTRAINT notes_conversation_id_fkey FOREIGN KEY (conversation_id) REFERENCES public.conversations(id);


--
-- Name: notes notes_tenant_id_fkey; Type: FK CONSTRAINT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.notes
    ADD CONSTRAINT notes_tenant_id_fkey FOREIGN KEY (tenant_id) REFERENCES public.tenants(id);


--
-- Name: support_videos support_videos_created_by_fkey; Type: FK CONSTRAINT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.support_videos
    ADD CONSTRAINT support_videos_created_by_fkey FOREIGN KEY (created_by) REFERENCES public.consultants(id);


--
-- Name: support_videos support_videos_tenant_id_fkey; Type: FK CONSTRAINT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.support_videos
    ADD CONSTRAINT support_videos_tenant_id_fkey FOREIGN KEY (tenant_id) REFERENCES public.tenants(id);


--
-- Name: team_messages team_messages_sender_id_fkey; Type: FK CONSTRAINT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.team_messages
    ADD CONSTRAINT team_messages_sender_id_fkey FOREIGN KEY (sender_id) REFERENCES public.consultants(id);


--
-- Name: team_messages team_messages_tenant_id_fkey; Type: FK CONSTRAINT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.team_messages
    ADD CONSTRAINT team_messages_tenant_id_fkey FOREIGN KEY (tenant_id) REFERENCES public.tenants(id);


--
-- Name: visitor_context visitor_context_contact_id_fkey; Type: FK CONSTRAINT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.visitor_context
    ADD CONSTRAINT visitor_context_contact_id_fkey FOREIGN KEY (contact_id) REFERENCES public.contacts(id);


--
-- Name: visitor_context visitor_context_tenant_id_fkey; Type: FK CONSTRAINT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.visitor_context
    ADD CONSTRAINT visitor_context_tenant_id_fkey FOREIGN KEY (tenant_id) REFERENCES public.tenants(id);


--
-- Name: visitor_context visitor_context_visitor_id_fkey; Type: FK CONSTRAINT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.visitor_context
    ADD CONSTRAINT visitor_context_visitor_id_fkey FOREIGN KEY (visitor_id) REFERENCES public.visitors(id);


--
-- Name: visitors visitors_link_id_fkey; Type: FK CONSTRAINT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.visitors
    ADD CONSTRAINT visitors_link_id_fkey FOREIGN KEY (link_id) REFERENCES public.links(id);


--
-- Name: visitors visitors_tenant_id_fkey; Type: FK CONSTRAINT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.visitors
    ADD CONSTRAINT visitors_tenant_id_fkey FOREIGN KEY (tenant_id) REFERENCES public.tenants(id);


--
-- Name: wrap_ups wrap_ups_conversation_id_fkey; Type: FK CONSTRAINT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.wrap_ups
    ADD CONSTRAINT wrap_ups_conversation_id_fkey FOREIGN KEY (conversation_id) REFERENCES public.conversations(id);


--
-- Name: wrap_ups wrap_ups_tenant_id_fkey; Type: FK CONSTRAINT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.wrap_ups
    ADD CONSTRAINT wrap_ups_tenant_id_fkey FOREIGN KEY (tenant_id) REFERENCES public.tenants(id);


--
-- PostgreSQL database dump complete
--


