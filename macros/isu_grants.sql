{#- Access on engines with roles (PostgreSQL). Who reads what is declared once, as dbt `grants` in
    dbt_project.yml; these macros derive the rest from the grants of the project's nodes. -#}

{#- DuckDB and Spark in session mode have no roles: their grants do nothing, without dbt-duckdb's
    warning on every model (the declared grants stay in the manifest for the docs). -#}
{% macro duckdb__apply_grants(relation, grant_config, should_revoke=True) %}
{% endmacro %}

{% macro spark__apply_grants(relation, grant_config, should_revoke=True) %}
{% endmacro %}


{#- on-run-start: create the roles of the grants (without login; the database administrator makes
    people members) where they do not exist yet. Needs CREATEROLE the first time only. -#}
{% macro isu_skapa_roller() %}
    {{ return(adapter.dispatch('isu_skapa_roller', 'isu')()) }}
{% endmacro %}

{% macro default__isu_skapa_roller() %}
    {{ return('') }}
{% endmacro %}

{% macro postgres__isu_skapa_roller() %}
    {%- if not execute -%}{{ return('') }}{%- endif -%}
    {%- set sql -%}
    {%- for roll in isu_alla_roller() %}
    do $$ begin
        if not exists (select from pg_catalog.pg_roles where rolname = '{{ roll }}') then
            create role {{ adapter.quote(roll) }} nologin;
        end if;
    end $$;
    {%- endfor %}
    {%- endset -%}
    {{ return(sql) }}
{% endmacro %}


{#- The roles that some model or seed grants `select` to, by schema: {schema: [role, ...]}. -#}
{% macro isu_roller_per_schema() %}
    {%- set per_schema = {} -%}
    {%- for node in graph.nodes.values() if node.resource_type in ('model', 'seed') -%}
        {%- do per_schema.setdefault(node.schema, []) -%}
        {%- for roll in (node.config.grants or {}).get('select', []) -%}
            {%- if roll not in per_schema[node.schema] -%}
                {%- do per_schema[node.schema].append(roll) -%}
            {%- endif -%}
        {%- endfor -%}
    {%- endfor -%}
    {{ return(per_schema) }}
{% endmacro %}


{#- Every role that some model or seed grants `select` to. -#}
{% macro isu_alla_roller() %}
    {%- set roller = [] -%}
    {%- for beviljade in isu_roller_per_schema().values() -%}
        {%- for roll in beviljade if roll not in roller -%}
            {%- do roller.append(roll) -%}
        {%- endfor -%}
    {%- endfor -%}
    {{ return(roller | sort) }}
{% endmacro %}


{#- on-run-end: a role may use a schema exactly when some model or seed in it grants the role
    `select`; the use of every other schema of the project (staging, intermediate, restricted) is
    revoked from the roles, and the raw schema, which the loader writes, is never granted. -#}
{% macro isu_bevilja_scheman() %}
    {{ return(adapter.dispatch('isu_bevilja_scheman', 'isu')()) }}
{% endmacro %}

{% macro default__isu_bevilja_scheman() %}
    {{ return('') }}
{% endmacro %}

{% macro postgres__isu_bevilja_scheman() %}
    {%- if not execute -%}{{ return('') }}{%- endif -%}
    {%- set roller = isu_alla_roller() -%}
    {%- set sql -%}
    {%- for schema, beviljade in isu_roller_per_schema().items() %}
        {%- for roll in roller %}
    {{ 'grant' if roll in beviljade else 'revoke' }} usage on schema {{ adapter.quote(schema) }}
        {{ 'to' if roll in beviljade else 'from' }} {{ adapter.quote(roll) }};
        {%- endfor %}
    {%- endfor %}
    {%- endset -%}
    {{ return(sql) }}
{% endmacro %}


{#- on-run-end: a model that moved to another schema of the project (0.5.0: the facts and bridges from
    `marts` to `fakta`) leaves no copy behind in its old schema, where a reader or `isu publish` would
    still find it. Only relations named like a model of this project are dropped. -#}
{% macro isu_stada_gamla_relationer() %}
    {%- if not execute -%}{{ return('') }}{%- endif -%}
    {%- set modeller = graph.nodes.values() | selectattr('resource_type', 'equalto', 'model') | list -%}
    {%- set scheman = modeller | map(attribute='schema') | unique | list -%}
    {%- for node in modeller -%}
        {%- for schema in scheman if schema != node.schema -%}
            {%- set gammal = adapter.get_relation(database=node.database, schema=schema, identifier=node.alias) -%}
            {%- if gammal is not none -%}
                {{ log('Tar bort ' ~ gammal ~ ': modellen ligger nu i ' ~ node.schema ~
                       ' (removing it: the model now lives in ' ~ node.schema ~ ')', info=true) }}
                {%- do adapter.drop_relation(gammal) -%}
            {%- endif -%}
        {%- endfor -%}
    {%- endfor -%}
    {{ return('') }}
{% endmacro %}
